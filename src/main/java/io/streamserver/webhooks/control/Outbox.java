package io.streamserver.webhooks.control;

import io.streamserver.jobs.control.JobStateChanged;
import io.streamserver.jobs.control.JobView;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.security.control.PlaybackTokens;
import io.streamserver.webhooks.entity.Delivery;
import io.streamserver.webhooks.entity.EventType;
import io.streamserver.webhooks.entity.WebhookEndpoint;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The transactional outbox: a job's change is observed synchronously, inside the transaction that made it, and each
 * endpoint that receives it, and the job's callback_url for its final event, gets a delivery row that commits or rolls
 * back with the change. The body is written then, with the job as that transaction left it: what GET
 * /v1/stream/job/{id} answers once it has committed. Nothing is sent here.
 */
@ApplicationScoped
public class Outbox {

    @PersistenceContext
    EntityManager em;

    @Inject
    Endpoints endpoints;

    @Inject
    PlaybackTokens playback;

    @Inject
    @ConfigProperty(name = "stream.webhook.retry-for")
    Duration retryFor;

    private final Jsonb jsonb = JsonbBuilder.create();

    void record(@Observes JobStateChanged changed) {
        EventType type = typeOf(changed.change());
        TranscodeJob job = changed.job();
        List<WebhookEndpoint> receivers = endpoints.receiving(type, job.owner());
        boolean callback = type.isFinal() && job.callbackUrl() != null;
        if (receivers.isEmpty() && !callback) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String body = body(type, now, jsonb.toJson(JobView.of(job, playback.urls(job.id()))));
        for (WebhookEndpoint endpoint : receivers) {
            em.persist(new Delivery(endpoint.id(), endpoint.url(), type, job.id(), body, now, retryFor));
        }
        if (callback) {
            em.persist(new Delivery(null, job.callbackUrl(), type, job.id(), body, now, retryFor));
        }
    }

    /** The Standard Webhooks envelope: type, timestamp (ISO-8601), and the job's JSON as data. */
    static String body(EventType type, Instant at, String jobJson) {
        return "{\"type\":" + Json.createValue(type.apiName()) + ",\"timestamp\":\"" + at + "\",\"data\":" + jobJson + "}";
    }

    static EventType typeOf(JobStateChanged.Change change) {
        return switch (change) {
            case STARTED -> EventType.STARTED;
            case PROGRESSED -> EventType.PROGRESS;
            case COMPLETED -> EventType.COMPLETED;
            case FAILED -> EventType.FAILED;
            case CANCELLED -> EventType.CANCELLED;
        };
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            // nothing held that outlives the application
        }
    }
}
