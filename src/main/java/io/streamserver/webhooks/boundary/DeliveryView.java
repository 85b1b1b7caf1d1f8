package io.streamserver.webhooks.boundary;

import io.streamserver.webhooks.entity.Delivery;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Instant;

/** One delivery as GET /v1/stream/webhooks/{id}/deliveries lists it. */
@JsonbNillable
@JsonbPropertyOrder({"id", "event", "jobId", "webhookId", "state", "attempts", "lastStatus", "lastError", "lastAttemptAt",
        "nextAttemptAt", "createdAt"})
public record DeliveryView(String id, String event,
                           @JsonbProperty("job_id") String jobId,
                           @JsonbProperty("webhook_id") String webhookId,
                           String state, int attempts,
                           @JsonbProperty("last_status") Integer lastStatus,
                           @JsonbProperty("last_error") String lastError,
                           @JsonbProperty("last_attempt_at") String lastAttemptAt,
                           @JsonbProperty("next_attempt_at") String nextAttemptAt,
                           @JsonbProperty("created_at") String createdAt) {

    static DeliveryView of(Delivery delivery) {
        return new DeliveryView(delivery.id(), delivery.eventType(), delivery.jobId(), delivery.messageId(),
                delivery.state().name(), delivery.attempts(), delivery.lastStatus(), delivery.lastError(),
                iso(delivery.lastAttemptAt()), iso(delivery.nextAttemptAt()), iso(delivery.createdAt()));
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
