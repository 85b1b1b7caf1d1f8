package io.streamserver.platform.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API lives under /v1/stream, as the API contract documents it. */
@ApplicationPath("v1/stream")
public class JaxRsConfiguration extends Application {
}
