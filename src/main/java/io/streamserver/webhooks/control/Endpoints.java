package io.streamserver.webhooks.control;

import io.streamserver.platform.control.OutboundUrls;
import io.streamserver.platform.control.Transactions;
import io.streamserver.security.control.Caller;
import io.streamserver.webhooks.entity.Delivery;
import io.streamserver.webhooks.entity.EventType;
import io.streamserver.webhooks.entity.WebhookEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The registered endpoints, in the caller's transaction. Who listens to which event is kept for a few seconds, so
 * that a job's progress, announced on every chunk, costs no read when no endpoint wants it; a change made here shows
 * at once, one made on another server within {@link #SUBSCRIPTIONS_KEPT_NANOS} (progress only: the events that
 * start and end a job always read the endpoints).
 */
@ApplicationScoped
public class Endpoints {

    static final long SUBSCRIPTIONS_KEPT_NANOS = 5_000_000_000L;

    @PersistenceContext
    EntityManager em;

    @Inject
    OutboundUrls outbound;

    @Inject
    Transactions transactions;

    private record Subscriptions(List<String> eventLists, long readAt) {
    }

    private volatile Subscriptions subscriptions;

    /**
     * Checks the URL, resolving its name outside any transaction (a RefusedUrlException says why it is refused), then
     * stores the endpoint, owned by the caller, in a short transaction of its own.
     */
    public WebhookEndpoint register(String url, Set<EventType> events, Caller caller) {
        String checked = outbound.checked(url).toString();
        WebhookEndpoint endpoint = new WebhookEndpoint(checked, events, caller.subject(), caller.seesAll());
        transactions.run(() -> em.persist(endpoint));
        subscriptions = null;
        return endpoint;
    }

    /** The caller's endpoints; all of them for a caller who sees every job. */
    public List<WebhookEndpoint> visibleTo(Caller caller) {
        return caller.seesAll() ? em.createNamedQuery(WebhookEndpoint.ALL, WebhookEndpoint.class).getResultList()
                : em.createNamedQuery(WebhookEndpoint.OF_OWNER, WebhookEndpoint.class)
                .setParameter("owner", caller.subject()).getResultList();
    }

    /** The endpoint, if the caller may see it. */
    public Optional<WebhookEndpoint> find(String id, Caller caller) {
        return Optional.ofNullable(id == null || id.length() > 36 ? null : em.find(WebhookEndpoint.class, id))
                .filter(e -> caller.mayAccess(e.owner()));
    }

    /** Removes the endpoint with its deliveries, those still due among them; false if the caller may not see it. */
    public boolean remove(String id, Caller caller) {
        Optional<WebhookEndpoint> endpoint = find(id, caller);
        endpoint.ifPresent(e -> {
            em.createNamedQuery(Delivery.DELETE_OF_ENDPOINT).setParameter("endpoint", e.id()).executeUpdate();
            em.remove(e);
            subscriptions = null;
        });
        return endpoint.isPresent();
    }

    /**
     * The endpoints that receive this event of a job owned by jobOwner. Only progress, which comes with every chunk,
     * is first looked up in the kept subscriptions; the other events, a few per job, always read the endpoints.
     */
    public List<WebhookEndpoint> receiving(EventType type, String jobOwner) {
        if (type == EventType.PROGRESS && !anyListensTo(type)) {
            return List.of();
        }
        return em.createNamedQuery(WebhookEndpoint.FOR_JOB, WebhookEndpoint.class).setParameter("owner", jobOwner)
                .getResultStream().filter(e -> e.receives(type, jobOwner)).toList();
    }

    /** Whether any endpoint subscribes to the event, from a read at most a few seconds old. */
    boolean anyListensTo(EventType type) {
        Subscriptions known = subscriptions;
        if (known == null || System.nanoTime() - known.readAt() > SUBSCRIPTIONS_KEPT_NANOS) {
            known = new Subscriptions(em.createNamedQuery(WebhookEndpoint.SUBSCRIBED_EVENTS, String.class).getResultList(),
                    System.nanoTime());
            subscriptions = known;
        }
        return WebhookEndpoint.anyNames(known.eventLists(), type);
    }
}
