package io.streamserver.webhooks.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A URL registered to receive job events, with the secret that signs them (shown once, at registration). It belongs to
 * the subject that registered it and receives that subject's jobs only, unless it was registered for every job (by
 * the admin role, or by anyone with authentication off).
 */
@Entity
@Table(name = "WEBHOOK_ENDPOINT")
@NamedQuery(name = WebhookEndpoint.ALL, query = "SELECT e FROM WebhookEndpoint e ORDER BY e.createdAt, e.id")
@NamedQuery(name = WebhookEndpoint.OF_OWNER, query = "SELECT e FROM WebhookEndpoint e WHERE e.owner = :owner"
        + " ORDER BY e.createdAt, e.id")
@NamedQuery(name = WebhookEndpoint.FOR_JOB, query = "SELECT e FROM WebhookEndpoint e"
        + " WHERE e.everyJob = TRUE OR e.owner = :owner")
@NamedQuery(name = WebhookEndpoint.SUBSCRIBED_EVENTS, query = "SELECT DISTINCT e.events FROM WebhookEndpoint e")
public class WebhookEndpoint {

    public static final String ALL = "WebhookEndpoint.all";
    /** The endpoints that :owner registered. */
    public static final String OF_OWNER = "WebhookEndpoint.ofOwner";
    /** The endpoints that may receive the events of a job owned by :owner. */
    public static final String FOR_JOB = "WebhookEndpoint.forJob";
    /** The distinct event lists of all endpoints, for a cheap look at who listens to what. */
    public static final String SUBSCRIBED_EVENTS = "WebhookEndpoint.subscribedEvents";

    public static final String SECRET_PREFIX = "whsec_";
    private static final int SECRET_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "URL", nullable = false, length = 2048)
    private String url;

    @Column(name = "SECRET", nullable = false, length = 64)
    private String secret;

    /** The event names, comma-separated. */
    @Column(name = "EVENTS", nullable = false, length = 128)
    private String events;

    /** The registering subject; null with authentication off. */
    @Column(name = "OWNER", length = 255)
    private String owner;

    @Column(name = "EVERY_JOB", nullable = false)
    private boolean everyJob;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    protected WebhookEndpoint() {
    }

    /**
     * @param url      a URL already checked as safe to call
     * @param owner    the registering subject, or null with authentication off
     * @param everyJob whether it receives every job's events, not only its owner's
     */
    public WebhookEndpoint(String url, Set<EventType> events, String owner, boolean everyJob) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an endpoint receives at least one event");
        }
        this.id = UUID.randomUUID().toString();
        this.url = Objects.requireNonNull(url);
        this.events = events.stream().map(EventType::apiName).collect(Collectors.joining(","));
        this.owner = owner;
        this.everyJob = everyJob;
        this.secret = newSecret();
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** "whsec_" and the Base64 of 24 random bytes, the form the Standard Webhooks libraries take. */
    static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** Whether this endpoint gets that event of a job owned by jobOwner (null: submitted with authentication off). */
    public boolean receives(EventType type, String jobOwner) {
        return events().contains(type) && (everyJob || owner != null && owner.equals(jobOwner));
    }

    /** Whether one of these comma-separated event lists (as stored) names the event. */
    public static boolean anyNames(Iterable<String> storedLists, EventType type) {
        for (String list : storedLists) {
            if (Arrays.asList(list.split(",")).contains(type.apiName())) {
                return true;
            }
        }
        return false;
    }

    public Set<EventType> events() {
        return Arrays.stream(events.split(",")).map(EventType::parse)
                .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(EventType.class)));
    }

    public String id() {
        return id;
    }

    public String url() {
        return url;
    }

    /** The signing secret, "whsec_" and Base64. */
    public String secret() {
        return secret;
    }

    public String owner() {
        return owner;
    }

    public boolean everyJob() {
        return everyJob;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
