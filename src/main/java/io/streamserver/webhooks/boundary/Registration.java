package io.streamserver.webhooks.boundary;

import java.util.List;

/** The body of POST /v1/stream/webhooks. */
public record Registration(String url, List<String> events) {
}
