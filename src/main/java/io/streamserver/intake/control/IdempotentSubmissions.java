package io.streamserver.intake.control;

import io.streamserver.intake.entity.IdempotentRequest;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.platform.control.Transactions;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Submissions under an Idempotency-Key: the first request with a key makes the job, its repeats get its answer.
 * The key's row is inserted once the upload is stored and fingerprinted, in a statement that commits by itself; the
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
    /** SQLSTATE of a unique constraint's violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";
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

    /** Outside any transaction, a connection of it commits each statement by itself. */
    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

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
                if (Instant.now().isAfter(deadline)) {
                    throw inFlight(upload);
                }
                continue; // another request took the key meanwhile: read its row
            }
            IdempotentRequest request = first.get();
            if (request.lapsed(Instant.now(), LONGEST_IN_FLIGHT)) {
                forget(request.id());
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
                throw inFlight(upload);
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
            forget(requestId);
            throw e;
        }
    }

    /** Frees the key of a request that failed, or that lapsed. */
    private void forget(String requestId) {
        transactions.run(() -> em.createNamedQuery(IdempotentRequest.DELETE).setParameter("id", requestId).executeUpdate());
    }

    /**
     * Inserts the key's row, in flight, in a statement that commits by itself; empty when another request's row won
     * the unique constraint. Plain JDBC, because a lost race is routine here, and both JPA providers log a violated
     * constraint as an error with its stack trace.
     */
    private Optional<String> claim(String client, IdempotencyKey key, String fingerprint) {
        IdempotentRequest request = new IdempotentRequest(client, key.value(), fingerprint, Instant.now(), keptFor);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(IdempotentRequest.INSERT)) {
            request.bind(insert);
            insert.executeUpdate();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw new IllegalStateException("cannot record the idempotency key of a submission", e);
        }
        purgeExpired();
        return Optional.of(request.id());
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

    private RequestInFlightException inFlight(Path upload) {
        uploads.delete(upload);
        return new RequestInFlightException(IdempotencyKey.HEADER + ": the first request with this key is still "
                + "in progress; try again shortly");
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
