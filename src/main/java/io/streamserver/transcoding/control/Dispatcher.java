package io.streamserver.transcoding.control;

import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Gives this server's free worker slots to the head of the shared {@link JobQueue}. A slot is one running encoder,
 * so a ladder takes a slot per rendition, and the cores are not oversubscribed while jobs wait; a ladder with more
 * renditions than the server has slots runs alone. (Its partitions all run at once: JBatch left a stopped step
 * waiting forever for partitions that had not started.) Jakarta Batch has no
 * priorities, so a batch job starts only once its job row has been claimed. Batch jobs are started only from the
 * dispatcher's own thread, made at start-up: a task handed to an executor from inside a transaction would carry that
 * context to the batch job, whose chunk transactions would then be refused. So a wake-up only signals that thread,
 * which also looks every 2 s for the jobs that other servers queued.
 */
@ApplicationScoped
public class Dispatcher {

    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    @Inject
    JobQueue queue;

    @Inject
    BatchExecutions batch;

    @Inject
    Ffmpeg ffmpeg;

    @Resource
    ManagedThreadFactory threads;

    /** 0 means one worker per core. */
    @Inject
    @ConfigProperty(name = "stream.workers")
    int configuredWorkers;

    /** Names this server among those sharing a database; a restarted server resumes the jobs claimed under its name. */
    @Inject
    @ConfigProperty(name = "stream.instance-id")
    Optional<String> configuredInstance;

    private static final long LOOK_AGAIN_SECONDS = 2;

    /** The slots each running job holds. */
    private final Map<String, Integer> active = new ConcurrentHashMap<>();
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean stopping;
    private String instance;

    /** At start-up: what this server was processing when it stopped goes back to the queue, then work begins. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        instance = configuredInstance.filter(s -> !s.isBlank()).orElseGet(Dispatcher::hostName);
        for (TranscodeJob job : queue.requeueClaimedBy(instance)) {
            if (job.executionId() != null) {
                batch.settleDead(job.executionId());
            }
            LOG.log(Level.INFO, "job {0}: back in the queue after the server stopped while processing it", job.id());
        }
        Thread dispatcher = threads.newThread(this::dispatchUntilStopped);
        dispatcher.setName("stream-dispatcher");
        dispatcher.start();
        LOG.log(Level.INFO, "dispatcher {0} started with {1} workers", instance, workers());
    }

    /** A job was queued: look for work once its transaction has committed, so that the claim sees its row. */
    void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobQueued event) {
        wake();
    }

    /** Looks for work at once, on the dispatcher's thread. */
    public void wake() {
        wakeUps.release();
    }

    /** A job's batch execution has ended; its slot is free. */
    public void finished(String jobId) {
        active.remove(jobId);
        wake();
    }

    /** Whether the server is shutting down: a job interrupted now is resumed at the next start, not failed. */
    public boolean isStopping() {
        return stopping;
    }

    int workers() {
        return configuredWorkers > 0 ? configuredWorkers : Runtime.getRuntime().availableProcessors();
    }

    /** The slots of a job with that many renditions: one per encoder, as all its renditions encode at once. */
    int slotsFor(int renditions) {
        return Math.max(1, renditions);
    }

    private int freeSlots() {
        return workers() - active.values().stream().mapToInt(Integer::intValue).sum();
    }

    private void dispatchUntilStopped() {
        while (!stopping) {
            dispatch();
            try {
                wakeUps.tryAcquire(LOOK_AGAIN_SECONDS, TimeUnit.SECONDS);
                wakeUps.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void dispatch() {
        try {
            while (!stopping && freeSlots() > 0) {
                Optional<TranscodeJob> claimed = claimNext();
                if (claimed.isEmpty()) {
                    return;
                }
                launch(claimed.get());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "dispatching failed; retrying at the next tick", e);
        }
    }

    /** Another server may claim the same head of the queue at the same moment; the loser claims again. */
    private Optional<TranscodeJob> claimNext() {
        for (int attempt = 1; ; attempt++) {
            try {
                // a ladder larger than the whole server still runs, alone
                return queue.claimNext(instance, active.isEmpty() ? Integer.MAX_VALUE : freeSlots(), this::slotsFor);
            } catch (PersistenceException | TransactionalException e) {
                if (attempt == JobQueue.CANDIDATES) {
                    throw e;
                }
                LOG.log(Level.DEBUG, "a queued job was claimed by another server first");
            }
        }
    }

    private void launch(TranscodeJob job) {
        active.put(job.id(), slotsFor(job.renditions().size()));
        try {
            batch.run(job);
        } catch (RuntimeException e) {
            active.remove(job.id());
            LOG.log(Level.ERROR, "job " + job.id() + ": the batch job could not start", e);
            queue.failToStart(job.id());
        }
    }

    @PreDestroy
    void shutdown() {
        stopping = true;
        wake();
        ffmpeg.stopAll();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
