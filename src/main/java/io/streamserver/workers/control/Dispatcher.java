package io.streamserver.workers.control;

import io.streamserver.jobs.control.JobQueued;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.control.Ffmpeg;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Gives this server's free worker slots to the head of the shared {@link JobQueue}, and knows which claims its
 * slots run. A slot is one running encoder, so a ladder takes a slot per rendition and the cores are not
 * oversubscribed while jobs wait; a ladder with more renditions than the server has slots runs alone. A claim's slots
 * are free again as soon as its last encoder exits: the next job starts while the batch job of the last one still
 * records its end, so that no core idles in between. (Its partitions
 * all run at once: with fewer threads, JBatch left a stopped step waiting forever for partitions that had not
 * started.) Jakarta Batch has no priorities, so a batch job starts only once its job row has been claimed. Batch
 * jobs are started only from the dispatcher's own thread, made at start-up: a task handed to an executor from inside
 * a transaction would carry that context to the batch job, whose chunk transactions would then be refused. So a
 * wake-up only signals that thread, which also looks every 2 s for the jobs that other servers queued or left.
 */
@ApplicationScoped
public class Dispatcher {

    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    @Inject
    JobQueue queue;

    @Inject
    Leases leases;

    @Inject
    BatchExecutions batch;

    @Inject
    Ffmpeg ffmpeg;

    @Inject
    LocalServer server;

    @Resource
    ManagedThreadFactory threads;

    /** 0 means one worker per core. */
    @Inject
    @ConfigProperty(name = "stream.workers")
    int configuredWorkers;

    private static final long LOOK_AGAIN_SECONDS = 2;

    /** One claim that this server runs, in that many slots until that many encoders have exited. */
    private record Slot(long epoch, int slots, int encoders, int exited, Long executionId, boolean stopped) {

        Slot(long epoch, int slots, int encoders) {
            this(epoch, slots, encoders, 0, null, false);
        }

        boolean encoding() {
            return exited < encoders;
        }

        Slot started(Long execution) {
            return new Slot(epoch, slots, encoders, exited, execution, stopped);
        }

        Slot stopping() {
            return new Slot(epoch, slots, encoders, exited, executionId, true);
        }

        Slot exitedOne() {
            return new Slot(epoch, slots, encoders, exited + 1, executionId, stopped);
        }
    }

    private final Map<String, Slot> running = new ConcurrentHashMap<>();
    private final Semaphore wakeUps = new Semaphore(0);

    /**
     * At start-up: what this instance id held goes back to the queue (a restart resumes its jobs at once), then work
     * begins.
     */
    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        String instance = server.name();
        for (TranscodeJob job : queue.requeueClaimedBy(instance)) {
            if (job.executionId() != null) {
                batch.settleDead(job.id(), job.executionId(), "its server " + instance + " started again");
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

    /**
     * A job's batch execution under that claim has ended; its slots are free, and the job's processes may start again
     * for its next claim. The end of an older claim leaves a newer one's slot, and its stop, alone.
     */
    void finished(@Observes ExecutionEnded ended) {
        boolean[] freed = {false};
        running.computeIfPresent(ended.jobId(), (id, slot) -> {
            if (slot.epoch() != ended.epoch()) {
                return slot;
            }
            freed[0] = true;
            return null;
        });
        if (freed[0]) {
            ffmpeg.allow(ended.jobId());
        }
        wake();
    }

    /** One of the claim's encoders has exited; after its last, the claim's slots go to the next job. */
    public void encoderExited(String jobId, long epoch) {
        Slot slot = running.computeIfPresent(jobId, (id, claim) -> claim.epoch() == epoch ? claim.exitedOne() : claim);
        if (slot != null && slot.epoch() == epoch && !slot.encoding()) {
            wake();
        }
    }

    /** The claims that this server's slots run: job id to epoch. */
    public Map<String, Long> claims() {
        return running.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().epoch()));
    }

    /** Whether a slot of this server runs the job under that claim. */
    public boolean runs(String jobId, long epoch) {
        Slot slot = running.get(jobId);
        return slot != null && slot.epoch() == epoch;
    }

    /**
     * Stops this server's work on a job under that claim at once: its ffmpeg processes are killed, and its batch
     * execution is asked to stop. The execution's end frees the slot. Only that claim's work: a later claim of the
     * same job, which a retry may already have started here, is left alone. Done in the slot's own update, so that no
     * new claim of the job starts in between.
     *
     * @return whether this call stopped it: false when no slot runs that claim, or its work was stopped before
     */
    public boolean stopHere(String jobId, long epoch) {
        boolean[] stopping = {false};
        running.computeIfPresent(jobId, (id, slot) -> {
            if (slot.epoch() != epoch || slot.stopped()) {
                return slot;
            }
            stopping[0] = true;
            ffmpeg.stop(id);
            if (slot.executionId() != null) {
                batch.stop(id, slot.executionId());
            }
            return slot.stopping();
        });
        return stopping[0];
    }

    /** A job cancelled under that claim: its work here stops, and the release tells the cancel that it has. */
    public boolean stopCancelled(String jobId, long epoch) {
        boolean stopping = stopHere(jobId, epoch);
        leases.release(jobId, server.name(), epoch);
        return stopping;
    }

    int workers() {
        return configuredWorkers > 0 ? configuredWorkers : Runtime.getRuntime().availableProcessors();
    }

    /** The slots of a job with that many renditions: one per encoder, as all its renditions encode at once. */
    int slotsFor(int renditions) {
        return Math.max(1, renditions);
    }

    /** The claim's slots, one per rendition's encoder, are taken until those encoders have exited. */
    void holdSlots(String jobId, long epoch, int renditions) {
        running.put(jobId, new Slot(epoch, slotsFor(renditions), renditions));
    }

    /** The slots of the claims whose encoders run, or are about to. */
    int slotsInUse() {
        return running.values().stream().filter(Slot::encoding).mapToInt(Slot::slots).sum();
    }

    private void dispatchUntilStopped() {
        batch.awaitRuntime(server::isStopping);
        while (!server.isStopping()) {
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
            while (!server.isStopping() && slotsInUse() < workers()) {
                // a copy: the claim's statement is built for as many jobs as it binds; and a ladder larger than the
                // whole server still runs, alone
                Optional<JobQueue.Claim> claimed = queue.claimNext(server.name(), leases.duration(), List.copyOf(running.keySet()),
                        slotsInUse() == 0 ? Integer.MAX_VALUE : workers() - slotsInUse(), this::slotsFor);
                if (claimed.isEmpty()) {
                    return;
                }
                launch(claimed.get());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "dispatching failed; retrying at the next tick", e);
        }
    }

    private void launch(JobQueue.Claim claim) {
        String jobId = claim.job().id();
        if (claim.abandonedExecution() != null) {
            LOG.log(Level.INFO, "job {0}: taken over from {1}, whose lease expired (epoch {2})", jobId,
                    claim.previousHolder(), claim.epoch());
            batch.settleDead(jobId, claim.abandonedExecution(), "taken over by " + server.name() + " after the lease of "
                    + claim.previousHolder() + " expired");
        }
        holdSlots(jobId, claim.epoch(), claim.job().renditions().size());
        ffmpeg.allow(jobId);
        try {
            long execution = batch.run(claim.job(), claim.epoch());
            // a cancel while the execution started has stopped its processes; its execution stops at its first kill
            running.computeIfPresent(jobId, (id, slot) -> slot.epoch() == claim.epoch() ? slot.started(execution) : slot);
        } catch (RuntimeException | ServiceConfigurationError e) {
            running.remove(jobId);
            LOG.log(Level.ERROR, "job " + jobId + ": the batch job could not start", e);
            queue.failToStart(jobId, server.name(), claim.epoch());
        }
    }

    @PreDestroy
    void shutdown() {
        server.stop();
        wake();
        ffmpeg.stopAll();
    }
}
