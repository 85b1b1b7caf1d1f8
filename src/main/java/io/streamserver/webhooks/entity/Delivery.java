package io.streamserver.webhooks.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One event on its way to one URL: the outbox row, written in the transaction that changed the job, with the body as
 * it was then. It keeps its message id (webhook-id) through every attempt, so that the receiver can deduplicate. A
 * server claims it under a lease (Sending, due again when the lease expires, so a server that died mid-delivery
 * leaves it to another) and an epoch that fences the result of a claim that has since been taken over.
 */
@Entity
@Table(name = "WEBHOOK_DELIVERY")
@NamedQuery(name = Delivery.RECENT_OF_ENDPOINT, query = "SELECT d FROM Delivery d WHERE d.endpointId = :endpoint"
        + " ORDER BY d.createdAt DESC, d.id DESC")
@NamedQuery(name = Delivery.DELETE_OF_ENDPOINT, query = "DELETE FROM Delivery d WHERE d.endpointId = :endpoint")
@NamedQuery(name = Delivery.DELETE_ENDED_BEFORE, query = "DELETE FROM Delivery d WHERE d.state IN :ended"
        + " AND d.createdAt < :cutoff")
public class Delivery {

    /** The deliveries of :endpoint, newest first. */
    public static final String RECENT_OF_ENDPOINT = "Delivery.recentOfEndpoint";
    public static final String DELETE_OF_ENDPOINT = "Delivery.deleteOfEndpoint";
    /** Deliveries in an :ended state whose event is older than :cutoff. */
    public static final String DELETE_ENDED_BEFORE = "Delivery.deleteEndedBefore";

    public static final int MAX_ERROR_LENGTH = 500;

    @Id
    @Column(length = 36)
    private String id;

    /** The registered endpoint; null for a job's callback_url, which the server's default secret signs. */
    @Column(name = "ENDPOINT_ID", length = 36)
    private String endpointId;

    @Column(name = "TARGET_URL", nullable = false, length = 2048)
    private String targetUrl;

    @Column(name = "MESSAGE_ID", nullable = false, length = 64)
    private String messageId;

    @Column(name = "EVENT_TYPE", nullable = false, length = 32)
    private String eventType;

    @Column(name = "JOB_ID", nullable = false, length = 36)
    private String jobId;

    /** The JSON body, exactly as every attempt sends it. */
    @Column(name = "PAYLOAD", nullable = false, length = 65536)
    private String payload;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", nullable = false, length = 16)
    private DeliveryState state;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    /** Grows with every claim: the result of an attempt is recorded only under the claim's epoch. */
    @Column(name = "EPOCH", nullable = false)
    private long epoch;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    /** When it is due: the next attempt while Pending, the lease's expiry while Sending, null once ended. */
    @Column(name = "NEXT_ATTEMPT_AT")
    private Instant nextAttemptAt;

    /** After this no attempt is made: the retry period from the event, or from a redelivery. */
    @Column(name = "GIVE_UP_AT", nullable = false)
    private Instant giveUpAt;

    @Column(name = "LAST_ATTEMPT_AT")
    private Instant lastAttemptAt;

    @Column(name = "LAST_STATUS")
    private Integer lastStatus;

    @Column(name = "LAST_ERROR", length = MAX_ERROR_LENGTH)
    private String lastError;

    protected Delivery() {
    }

    /**
     * A delivery due at once.
     *
     * @param endpointId the endpoint, or null for a job's callback URL
     */
    public Delivery(String endpointId, String targetUrl, EventType type, String jobId, String payload, Instant now,
                    Duration retryFor) {
        this.id = UUID.randomUUID().toString();
        this.endpointId = endpointId;
        this.targetUrl = Objects.requireNonNull(targetUrl);
        this.messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");
        this.eventType = type.apiName();
        this.jobId = Objects.requireNonNull(jobId);
        this.payload = Objects.requireNonNull(payload);
        this.state = DeliveryState.Pending;
        this.createdAt = millis(now);
        this.nextAttemptAt = createdAt;
        this.giveUpAt = createdAt.plus(retryFor);
    }

    /** Whether a server may claim it now: Pending and due, or Sending under a lease that expired. */
    public boolean isDue(Instant now) {
        return (state == DeliveryState.Pending || state == DeliveryState.Sending) && !nextAttemptAt.isAfter(now);
    }

    /**
     * Takes it for one attempt, under a lease that lets another server try once it expires.
     *
     * @return the claim's epoch, which the result must carry
     */
    public long claim(Instant now, Duration lease) {
        if (!isDue(now)) {
            throw new IllegalStateException("delivery " + id + " is " + state + " and not due");
        }
        state = DeliveryState.Sending;
        attempts++;
        epoch++;
        lastAttemptAt = millis(now);
        nextAttemptAt = millis(now.plus(lease));
        return epoch;
    }

    /** The receiver answered 2xx. False, and nothing recorded, if the claim no longer holds. */
    public boolean delivered(long claimEpoch, int status) {
        if (!holds(claimEpoch)) {
            return false;
        }
        state = DeliveryState.Delivered;
        lastStatus = status;
        lastError = null;
        nextAttemptAt = null;
        return true;
    }

    /**
     * The attempt failed: with a status other than 2xx (status), or without an answer (status null, error says why).
     * It is tried again after the backoff's delay, unless that falls after the retry period: then it has failed.
     *
     * @param random in [0, 1), for the jitter
     * @return false, and nothing recorded, if the claim no longer holds
     */
    public boolean attemptFailed(long claimEpoch, Integer status, String error, Instant now, Backoff backoff,
                                 double random) {
        if (!holds(claimEpoch)) {
            return false;
        }
        lastStatus = status;
        lastError = error == null ? null : error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
        Instant next = millis(now.plus(backoff.delay(attempts, random)));
        if (next.isAfter(giveUpAt)) {
            state = DeliveryState.Failed;
            nextAttemptAt = null;
        } else {
            state = DeliveryState.Pending;
            nextAttemptAt = next;
        }
        return true;
    }

    private boolean holds(long claimEpoch) {
        return state == DeliveryState.Sending && epoch == claimEpoch;
    }

    /**
     * Queues it again now, with the same message id and body, for a fresh round of attempts and a fresh retry period.
     * A delivery being sent under a standing lease is refused: its attempt's result is still to come.
     */
    public void redeliver(Instant now, Duration retryFor) {
        if (state == DeliveryState.Sending && nextAttemptAt.isAfter(now)) {
            throw new IllegalStateException("delivery " + id + " is being sent; ask again once its attempt has ended");
        }
        state = DeliveryState.Pending;
        attempts = 0;
        nextAttemptAt = millis(now);
        giveUpAt = millis(now.plus(retryFor));
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    public String id() {
        return id;
    }

    public String endpointId() {
        return endpointId;
    }

    public String targetUrl() {
        return targetUrl;
    }

    public String messageId() {
        return messageId;
    }

    public String eventType() {
        return eventType;
    }

    public String jobId() {
        return jobId;
    }

    public String payload() {
        return payload;
    }

    public DeliveryState state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The next attempt while Pending; while Sending, when its lease expires; null once ended. */
    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public Instant lastAttemptAt() {
        return lastAttemptAt;
    }

    public Integer lastStatus() {
        return lastStatus;
    }

    public String lastError() {
        return lastError;
    }
}
