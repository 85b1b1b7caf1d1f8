package io.streamserver.webhooks.control;

import io.streamserver.platform.control.OutboundUrls;
import io.streamserver.webhooks.entity.DeliveryState;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends the due deliveries, from whichever server claims them first, every stream.webhook.poll-period on the
 * container's scheduler: a batch is claimed in one short transaction, sent outside any (at once, each with a 10 s
 * timeout, never following a redirect, to a URL whose name is resolved and checked again just before), and each
 * result recorded in a short transaction of its own. No request thread ever waits on a delivery.
 */
@ApplicationScoped
public class DeliverySender {

    private static final System.Logger LOG = System.getLogger(DeliverySender.class.getName());
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int BATCH = 16;
    private static final Duration KEPT = Duration.ofDays(7);
    private static final long FORGET_EVERY_NANOS = TimeUnit.HOURS.toNanos(1);

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Inject
    DeliveryQueue queue;

    @Inject
    OutboundUrls outbound;

    @Inject
    @ConfigProperty(name = "stream.webhook.poll-period")
    Duration pollPeriod;

    /** HTTP/1.1, as most receivers expect; redirects are not followed, so a 3xx is a failed attempt. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).build();
    private ScheduledFuture<?> task;
    private long forgottenAt = System.nanoTime();

    void schedule(@Observes Startup startup) {
        long period = Math.max(100, pollPeriod.toMillis());
        task = scheduler.scheduleWithFixedDelay(this::sendDue, period, period, TimeUnit.MILLISECONDS);
    }

    /** What one attempt came to: a status, or none and why. */
    private record Outcome(DeliveryQueue.Attempt attempt, Integer status, String error) {
    }

    /**
     * One pass, until nothing is due; it never throws, since an exception would end the schedule. The results are
     * recorded on this managed thread, not on the HTTP client's.
     */
    void sendDue() {
        try {
            List<DeliveryQueue.Attempt> claimed;
            do {
                claimed = queue.claimDue(BATCH);
                List<CompletableFuture<Outcome>> sent = new ArrayList<>();
                for (DeliveryQueue.Attempt attempt : claimed) {
                    sent.add(send(attempt));
                }
                for (CompletableFuture<Outcome> outcome : sent) {
                    settle(outcome.join());
                }
            } while (claimed.size() == BATCH);
            if (System.nanoTime() - forgottenAt > FORGET_EVERY_NANOS) {
                forgottenAt = System.nanoTime();
                queue.forgetEndedBefore(Instant.now().minus(KEPT));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sending webhooks failed; the next pass retries", e);
        }
    }

    private CompletableFuture<Outcome> send(DeliveryQueue.Attempt attempt) {
        URI target;
        try {
            target = outbound.checked(attempt.url());
        } catch (OutboundUrls.RefusedUrlException e) {
            return CompletableFuture.completedFuture(new Outcome(attempt, null, "refused: " + e.getMessage()));
        }
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "stream-server-webhooks")
                .header("webhook-id", attempt.messageId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", Signatures.sign(attempt.secret(), attempt.messageId(), timestamp, attempt.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(attempt.payload()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .orTimeout(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        return new Outcome(attempt, null, cause.getClass().getSimpleName()
                                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
                    }
                    int status = response.statusCode();
                    return new Outcome(attempt, status, status / 100 == 3 ? "redirect not followed" : null);
                });
    }

    /** Records the outcome; a failure to record leaves the claim to expire, and the delivery to be tried again. */
    private void settle(Outcome outcome) {
        DeliveryQueue.Attempt attempt = outcome.attempt();
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
