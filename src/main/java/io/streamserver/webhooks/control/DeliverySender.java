package io.streamserver.webhooks.control;

import io.streamserver.platform.control.OutboundUrls;
import io.streamserver.webhooks.entity.DeliveryState;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the due deliveries, from whichever server claims them first. Every stream.webhook.poll-period a pass on the
 * container's scheduler claims what is due, up to {@link #MAX_IN_FLIGHT} attempts at once, in one short transaction,
 * and returns: each attempt then resolves and checks its URL again, sends (10 s timeout, never following a redirect)
 * and records its result in a short transaction of its own, all on the container's managed executor and outside any
 * transaction while it waits. So neither a request thread nor the scheduler, which the events stream's tick shares,
 * ever waits on a receiver. An attempt that ends while more were due starts the next pass at once.
 */
@ApplicationScoped
public class DeliverySender {

    private static final System.Logger LOG = System.getLogger(DeliverySender.class.getName());
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_IN_FLIGHT = 32;
    private static final Duration KEPT = Duration.ofDays(7);
    private static final long FORGET_EVERY_NANOS = TimeUnit.HOURS.toNanos(1);

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @Inject
    DeliveryQueue queue;

    @Inject
    OutboundUrls outbound;

    @Inject
    @ConfigProperty(name = "stream.webhook.poll-period")
    Duration pollPeriod;

    private HttpClient http;
    private ScheduledFuture<?> task;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean passRunning = new AtomicBoolean();
    private volatile boolean moreDue;
    private volatile long forgottenAt = System.nanoTime();

    /** One outcome of an attempt: a status, or none and why. */
    private record Outcome(Integer status, String error) {
    }

    @PostConstruct
    void client() {
        // HTTP/1.1, as most receivers expect; redirects are not followed, so a 3xx is a failed attempt
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TIMEOUT).executor(executor).build();
    }

    void schedule(@Observes Startup startup) {
        long period = Math.max(100, pollPeriod.toMillis());
        task = scheduler.scheduleWithFixedDelay(this::sendDue, period, period, TimeUnit.MILLISECONDS);
    }

    /** One pass: claims what is due and room allows, and starts those attempts. It never throws, which would end the schedule. */
    void sendDue() {
        if (!passRunning.compareAndSet(false, true)) {
            return;
        }
        try {
            int room = MAX_IN_FLIGHT - inFlight.get();
            if (room > 0) {
                List<DeliveryQueue.Attempt> claimed = queue.claimDue(room);
                moreDue = claimed.size() == room;
                claimed.forEach(this::start);
            } else {
                moreDue = true;
            }
            if (System.nanoTime() - forgottenAt > FORGET_EVERY_NANOS) {
                forgottenAt = System.nanoTime();
                queue.forgetEndedBefore(Instant.now().minus(KEPT));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sending webhooks failed; the next pass retries", e);
        } finally {
            passRunning.set(false);
        }
    }

    private void start(DeliveryQueue.Attempt attempt) {
        inFlight.incrementAndGet();
        CompletableFuture.supplyAsync(() -> outbound.checked(attempt.url()), executor)
                .thenCompose(target -> http.sendAsync(request(attempt, target), HttpResponse.BodyHandlers.discarding()))
                .orTimeout(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS)
                .handleAsync((response, failure) -> {
                    try {
                        settle(attempt, failure == null ? outcome(response.statusCode()) : outcome(failure));
                    } finally {
                        inFlight.decrementAndGet();
                    }
                    if (moreDue) {
                        executor.execute(this::sendDue);
                    }
                    return null;
                }, executor);
    }

    private static HttpRequest request(DeliveryQueue.Attempt attempt, URI target) {
        long timestamp = Instant.now().getEpochSecond();
        return HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "stream-server-webhooks")
                .header("webhook-id", attempt.messageId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", Signatures.sign(attempt.secret(), attempt.messageId(), timestamp, attempt.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(attempt.payload()))
                .build();
    }

    private static Outcome outcome(int status) {
        return new Outcome(status, status / 100 == 3 ? "redirect not followed" : null);
    }

    private static Outcome outcome(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof OutboundUrls.RefusedUrlException refused) {
            return new Outcome(null, "refused: " + refused.getMessage());
        }
        return new Outcome(null, cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    /** Records the outcome; a failure to record leaves the claim to expire, and the delivery to be tried again. */
    private void settle(DeliveryQueue.Attempt attempt, Outcome outcome) {
        String result = outcome.status() != null
                ? outcome.status() + (outcome.error() == null ? "" : " (" + outcome.error() + ")") : outcome.error();
        try {
            DeliveryState state = queue.record(attempt, outcome.status(), outcome.error());
            LOG.log(state == DeliveryState.Delivered ? Level.DEBUG : Level.INFO, "job {0}: {1} {2} to {3}: {4}, {5}",
                    attempt.jobId(), attempt.eventType(), attempt.messageId(), attempt.url(), result, state);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "job " + attempt.jobId() + ": cannot record the attempt of " + attempt.messageId(), e);
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
