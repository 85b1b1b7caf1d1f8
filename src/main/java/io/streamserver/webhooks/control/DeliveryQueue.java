package io.streamserver.webhooks.control;

import io.streamserver.webhooks.entity.Backoff;
import io.streamserver.webhooks.entity.Delivery;
import io.streamserver.webhooks.entity.DeliveryState;
import io.streamserver.webhooks.entity.WebhookEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The deliveries that are due, as the database holds them for every server: each claim and each result is a short
 * transaction of its own, and the sending happens between them, outside any.
 */
@ApplicationScoped
public class DeliveryQueue {

    /**
     * Due deliveries, locked; SKIP LOCKED passes over those another server is claiming at this moment, as the job
     * queue's claim does, on PostgreSQL and H2 alike.
     */
    static final String DUE = "SELECT ID FROM WEBHOOK_DELIVERY WHERE STATE IN ('Pending', 'Sending') AND NEXT_ATTEMPT_AT <= ?1"
            + " ORDER BY NEXT_ATTEMPT_AT FETCH FIRST %d ROWS ONLY FOR UPDATE SKIP LOCKED";
    /**
     * How long a claim stands: longer than an attempt takes (the 10 s timeouts of the connect and of the answer, and
     * the name's resolution). An attempt that outlasts it may be sent twice, under one webhook-id, and only the
     * claim's holder records its result.
     */
    static final Duration LEASE = Duration.ofSeconds(30);

    @PersistenceContext
    EntityManager em;

    @Inject
    DefaultSecret defaultSecret;

    @Inject
    @ConfigProperty(name = "stream.webhook.retry-for")
    Duration retryFor;

    @Inject
    @ConfigProperty(name = "stream.webhook.first-retry")
    Duration firstRetry;

    /** One attempt to make, with what signing it needs. */
    public record Attempt(String deliveryId, long epoch, String messageId, String url, String payload, String secret,
                          String jobId, String eventType) {
    }

    /** Claims up to that many due deliveries for one attempt each. */
    @Transactional
    public List<Attempt> claimDue(int max) {
        Instant now = Instant.now();
        List<?> ids = em.createNativeQuery(DUE.formatted(max)).setParameter(1, now.atOffset(ZoneOffset.UTC)).getResultList();
        return ids.stream().map(id -> em.find(Delivery.class, id.toString())).map(delivery -> {
            long epoch = delivery.claim(now, LEASE);
            return new Attempt(delivery.id(), epoch, delivery.messageId(), delivery.targetUrl(), delivery.payload(),
                    secretOf(delivery), delivery.jobId(), delivery.eventType());
        }).toList();
    }

    private String secretOf(Delivery delivery) {
        if (delivery.endpointId() == null) {
            return defaultSecret.value();
        }
        WebhookEndpoint endpoint = em.find(WebhookEndpoint.class, delivery.endpointId());
        return endpoint == null ? defaultSecret.value() : endpoint.secret();
    }

    /**
     * Records an attempt's outcome: a 2xx status delivered it; another status, or none (error says why), schedules
     * the next attempt or, past the retry period, fails it. Ignored if the claim was taken over meanwhile.
     *
     * @return the state it is in now
     */
    @Transactional
    public DeliveryState record(Attempt attempt, Integer status, String error) {
        Delivery delivery = em.find(Delivery.class, attempt.deliveryId(), LockModeType.PESSIMISTIC_WRITE);
        if (delivery == null) {
            return DeliveryState.Failed; // its endpoint was removed meanwhile
        }
        if (status != null && status >= 200 && status < 300) {
            delivery.delivered(attempt.epoch(), status);
        } else {
            delivery.attemptFailed(attempt.epoch(), status, error, Instant.now(), backoff(),
                    ThreadLocalRandom.current().nextDouble());
        }
        return delivery.state();
    }

    Backoff backoff() {
        return new Backoff(firstRetry, retryFor);
    }

    /** The endpoint's deliveries, newest first, in the caller's transaction. */
    public List<Delivery> recent(String endpointId, int max) {
        return em.createNamedQuery(Delivery.RECENT_OF_ENDPOINT, Delivery.class).setParameter("endpoint", endpointId)
                .setMaxResults(max).getResultList();
    }

    /**
     * Queues the endpoint's delivery again, with its webhook-id, in the caller's transaction; empty if the endpoint
     * has no such delivery. An IllegalStateException while it is being sent.
     */
    public java.util.Optional<Delivery> redeliver(String endpointId, String deliveryId) {
        java.util.Optional<Delivery> delivery = java.util.Optional.ofNullable(deliveryId == null || deliveryId.length() > 36
                        ? null : em.find(Delivery.class, deliveryId, LockModeType.PESSIMISTIC_WRITE))
                .filter(d -> endpointId.equals(d.endpointId()));
        delivery.ifPresent(d -> d.redeliver(Instant.now(), retryFor));
        return delivery;
    }

    /** Removes the delivered and failed deliveries of events older than the cutoff. */
    @Transactional
    public int forgetEndedBefore(Instant cutoff) {
        return em.createNamedQuery(Delivery.DELETE_ENDED_BEFORE)
                .setParameter("ended", List.of(DeliveryState.Delivered, DeliveryState.Failed))
                .setParameter("cutoff", cutoff).executeUpdate();
    }
}
