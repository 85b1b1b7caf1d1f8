package io.streamserver.webhooks.boundary;

import io.streamserver.webhooks.entity.EventType;
import io.streamserver.webhooks.entity.WebhookEndpoint;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.util.List;

/**
 * An endpoint as the API shows it; the secret only in the answer to its registration (null, and left out, otherwise).
 */
@JsonbPropertyOrder({"id", "url", "events", "owner", "allJobs", "createdAt", "secret"})
public record EndpointView(String id, String url, List<String> events, @JsonbNillable String owner,
                           @JsonbProperty("all_jobs") boolean allJobs,
                           @JsonbProperty("created_at") String createdAt,
                           String secret) {

    static EndpointView of(WebhookEndpoint endpoint) {
        return new EndpointView(endpoint.id(), endpoint.url(), endpoint.events().stream().map(EventType::apiName).toList(),
                endpoint.owner(), endpoint.everyJob(), endpoint.createdAt().toString(), null);
    }

    /** The answer to the registration, the one time the secret is shown. */
    static EndpointView registered(WebhookEndpoint endpoint) {
        EndpointView view = of(endpoint);
        return new EndpointView(view.id, view.url, view.events, view.owner, view.allJobs, view.createdAt, endpoint.secret());
    }
}
