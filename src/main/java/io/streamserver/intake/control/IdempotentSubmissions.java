package io.streamserver.intake.control;

import io.streamserver.intake.entity.IdempotentRequest;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.platform.control.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Submissions under an Idempotency-Key: the first request with a key makes the job, its repeats get its answer.
 * The key's row is inserted once the upload is stored and fingerprinted, in a short transaction of its own; the
 * unique constraint on (client, key) makes exactly one request of any number, on any server, its owner. A repeat of
 * a request in flight waits for its answer (bounded); a failed request's row is deleted, so that the client may
 * try again. No transaction is held while waiting, uploading or probing.
 */
@ApplicationScoped
public class IdempotentSubmissions {

    private static final System.Logger LOG = System.getLogger(IdempotentSubmissions.class.getName());
    /** How long a repeat waits for the first request's answer before it is told 409. */
    static final Duration WAIT_FOR_FIRST = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Far longer than a submission's check and insert take: a request in flight this long died with its server. */
    static final Duration LONGEST_IN_FLIGHT = Duration.ofMinutes(10);

    /** The answer to a submission: the first one's, or the stored one that a repeat replays. */
    public record Answer(int status, String body, boolean replayed) {
    }

    @Inject
    Transactions transactions;

    @PersistenceContext
    EntityManager em;

    @Inject
    Uploads uploads;

    @Inject
    @ConfigProperty(name = "stream.idempotency-ttl")
    Duration keptFor;

    /**
     * Makes the job once per client and key.
     *
     * @param upload  the stored upload, deleted unless this request makes the job
     * @param submit  makes the job, calling its argument with the job inside the transaction that queues it
     * @param answer  the body of the answer to a job made
     * @throws IdempotencyKeyReusedException for the key of a different request (422)
     * @throws RequestInFlightException      when the first request is still in flight after the wait (409)
     */
    public Answer submit(String client, IdempotencyKey key, String fingerprint, Path upload,
                         Function<Consumer<TranscodeJob>, TranscodeJob> submit, Function<TranscodeJob, String> answer) {
        Instant deadline = Instant.now().plus(WAIT_FOR_FIRST);
        while (true) {
            Optional<IdempotentRequest> first = find(client, key);
            if (first.isEmpty()) {
                Optional<String> claimed = claim(client, key, fingerprint);
                if (claimed.isPresent()) {
                    return make(claimed.get(), submit, answer);
                }
                continue; // another request took the key meanwhile: read its row
            }
            IdempotentRequest request = first.get();
            if (request.lapsed(Instant.now(), LONGEST_IN_FLIGHT)) {
                transactions.run(() -> em.createQuery("DELETE FROM IdempotentRequest r WHERE r.id = :id")
                        .setParameter("id", request.id()).executeUpdate());
                continue;
            }
            if (!request.sameRequestAs(fingerprint)) {
                uploads.delete(upload);
                throw new IdempotencyKeyReusedException(IdempotencyKey.HEADER + ": this key was used for a different "
                        + "request (another file or other fields); use a new key for a new request");
            }
            if (!request.inFlight()) {
                uploads.delete(upload);
                LOG.log(Level.INFO, "job {0}: a repeated submission got its first answer", request.jobId());
                return new Answer(request.responseStatus(), request.responseBody(), true);
            }
            if (Instant.now().isAfter(deadline)) {
                uploads.delete(upload);
                throw new RequestInFlightException(IdempotencyKey.HEADER + ": the first request with this key is still "
                        + "in progress; try again shortly");
            }
            pause();
        }
    }

    /** This request owns the key: it makes the job and stores its answer with it, or gives the key up. */
    private Answer make(String requestId, Function<Consumer<TranscodeJob>, TranscodeJob> submit,
                        Function<TranscodeJob, String> answer) {
        try {
            TranscodeJob job = submit.apply(made -> Optional.ofNullable(em.find(IdempotentRequest.class, requestId))
                    .orElseThrow(() -> new IllegalStateException("the idempotency key of job " + made.id() + " lapsed "
                            + "while it was submitted"))
                    .answered(made.id(), 200, answer.apply(made)));
            return new Answer(200, answer.apply(job), false);
        } catch (RuntimeException e) {
            transactions.run(() -> em.createQuery("DELETE FROM IdempotentRequest r WHERE r.id = :id")
                    .setParameter("id", requestId).executeUpdate());
            throw e;
        }
    }

    /**
     * Inserts the key's row, in flight; empty when another request's row won the unique constraint. The loser's
     * failed insert is told apart from any other failure by reading the row it lost to.
     */
    private Optional<String> claim(String client, IdempotencyKey key, String fingerprint) {
        try {
            String id = transactions.call(() -> {
                IdempotentRequest request = new IdempotentRequest(client, key.value(), fingerprint, Instant.now(), keptFor);
                em.persist(request);
                em.flush();
                return request.id();
            });
            purgeExpired();
            return Optional.of(id);
        } catch (RuntimeException e) {
            if (find(client, key).isPresent()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<IdempotentRequest> find(String client, IdempotencyKey key) {
        return transactions.call(() -> em.createNamedQuery(IdempotentRequest.BY_KEY, IdempotentRequest.class)
                .setParameter("client", client).setParameter("key", key.value()).getResultStream().findFirst());
    }

    /** Expired keys go as new ones come, in a transaction of their own; a failure here only postpones it. */
    private void purgeExpired() {
        try {
            transactions.runAlone(() -> em.createNamedQuery(IdempotentRequest.DELETE_EXPIRED)
                    .setParameter("now", Instant.now()).executeUpdate());
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "expired idempotency keys were not removed this time", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestInFlightException(IdempotencyKey.HEADER + ": interrupted while waiting for the first request");
        }
    }
}
