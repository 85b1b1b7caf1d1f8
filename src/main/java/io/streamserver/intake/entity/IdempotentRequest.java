package io.streamserver.intake.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A submission made under an Idempotency-Key: one row per client and key (a unique constraint, so that servers
 * sharing the database agree on which request came first), in flight until its job is queued, then holding the
 * answer that every repeat of the request gets until it expires.
 */
@Entity
@Table(name = "IDEMPOTENCY_KEY")
@NamedQuery(name = IdempotentRequest.BY_KEY, query = "SELECT r FROM IdempotentRequest r"
        + " WHERE r.client = :client AND r.key = :key")
@NamedQuery(name = IdempotentRequest.DELETE, query = "DELETE FROM IdempotentRequest r WHERE r.id = :id")
@NamedQuery(name = IdempotentRequest.DELETE_EXPIRED, query = "DELETE FROM IdempotentRequest r WHERE r.expiresAt < :now")
public class IdempotentRequest {

    /** The request of :client under :key, if any. */
    public static final String BY_KEY = "IdempotentRequest.byKey";
    /** Removes the request with :id, which frees its key. */
    public static final String DELETE = "IdempotentRequest.delete";
    /** Removes the requests whose keys expired before :now. */
    public static final String DELETE_EXPIRED = "IdempotentRequest.deleteExpired";
    /** The row of a request that has begun, for {@link #bind}: a plain insert, whose lost race is routine. */
    public static final String INSERT = "INSERT INTO IDEMPOTENCY_KEY (ID, CLIENT, IDEMPOTENCY_KEY, FINGERPRINT, STATE,"
            + " CREATED_AT, EXPIRES_AT) VALUES (?, ?, ?, ?, ?, ?, ?)";
    public static final int MAX_CLIENT_LENGTH = 300;
    public static final int MAX_BODY_LENGTH = 4000;

    public enum State { InFlight, Answered }

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "CLIENT", nullable = false, length = MAX_CLIENT_LENGTH)
    private String client;

    @Column(name = "IDEMPOTENCY_KEY", nullable = false, length = 255)
    private String key;

    @Column(name = "FINGERPRINT", nullable = false, length = 64)
    private String fingerprint;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", nullable = false, length = 16)
    private State state;

    @Column(name = "JOB_ID", length = 36)
    private String jobId;

    @Column(name = "RESPONSE_STATUS")
    private Integer responseStatus;

    @Column(name = "RESPONSE_BODY", length = MAX_BODY_LENGTH)
    private String responseBody;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "EXPIRES_AT", nullable = false)
    private Instant expiresAt;

    protected IdempotentRequest() {
    }

    /** A request that has begun: in flight, under the key for the given time. */
    public IdempotentRequest(String client, String key, String fingerprint, Instant now, Duration keptFor) {
        if (client == null || client.isEmpty() || client.length() > MAX_CLIENT_LENGTH) {
            throw new IllegalArgumentException("a client is 1 to " + MAX_CLIENT_LENGTH + " characters");
        }
        if (keptFor.isNegative() || keptFor.isZero()) {
            throw new IllegalArgumentException("a key is kept for a positive time");
        }
        this.id = UUID.randomUUID().toString();
        this.client = client;
        this.key = Objects.requireNonNull(key);
        this.fingerprint = Objects.requireNonNull(fingerprint);
        this.state = State.InFlight;
        this.createdAt = now.truncatedTo(ChronoUnit.MILLIS);
        this.expiresAt = createdAt.plus(keptFor);
    }

    /** Sets the parameters of {@link #INSERT} to this request's row, times as UTC timestamps as the mapping stores them. */
    public void bind(PreparedStatement insert) throws SQLException {
        insert.setString(1, id);
        insert.setString(2, client);
        insert.setString(3, key);
        insert.setString(4, fingerprint);
        insert.setString(5, state.name());
        insert.setObject(6, createdAt.atOffset(ZoneOffset.UTC));
        insert.setObject(7, expiresAt.atOffset(ZoneOffset.UTC));
    }

    /** The job that the request made, and the answer it got, which its repeats get too. */
    public void answered(String jobId, int status, String body) {
        if (state != State.InFlight) {
            throw new IllegalStateException("the request under key " + key + " was answered already");
        }
        if (body.length() > MAX_BODY_LENGTH) {
            throw new IllegalArgumentException("an answer of " + body.length() + " characters is too long to keep");
        }
        this.state = State.Answered;
        this.jobId = Objects.requireNonNull(jobId);
        this.responseStatus = status;
        this.responseBody = body;
    }

    /** Whether another request with this fingerprint is a repeat of this one, rather than a reuse of its key. */
    public boolean sameRequestAs(String otherFingerprint) {
        return fingerprint.equals(otherFingerprint);
    }

    /**
     * Whether the key no longer stands: it expired, or its request has been in flight far longer than any submission
     * takes (its server died before answering), so that it would otherwise answer 409 until it expired.
     */
    public boolean lapsed(Instant now, Duration longestInFlight) {
        return !now.isBefore(expiresAt) || state == State.InFlight && now.isAfter(createdAt.plus(longestInFlight));
    }

    public boolean inFlight() {
        return state == State.InFlight;
    }

    public String id() {
        return id;
    }

    public String jobId() {
        return jobId;
    }

    public Integer responseStatus() {
        return responseStatus;
    }

    public String responseBody() {
        return responseBody;
    }
}
