package io.streamserver.transcoding.control;

import io.streamserver.platform.control.DataDirectory;
import io.streamserver.transcoding.entity.JobStatus;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gives free worker slots to queued jobs: urgent first, then normal, then background, oldest first within each.
 * Jakarta Batch has no priorities, so a batch job starts only once its job row has been claimed in the database;
 * the claim is exclusive, so several server instances can share one database and queue.
 * Batch jobs are always started from the dispatcher's own threads: a thread inside a transaction would pass that
 * context to the batch job, whose chunk transactions would then be refused.
 */
@ApplicationScoped
public class Dispatcher {

    public static final String JOB_NAME = "transcode-to-hls";
    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
    private static final Set<BatchStatus> RESTARTABLE = EnumSet.of(BatchStatus.FAILED, BatchStatus.STOPPED);
    /** The exit status of a cancelled job's execution: its files are gone, so its retry is a new batch instance. */
    static final String CANCELLED = "CANCELLED";
    private static final Set<BatchStatus> LEFT_RUNNING = EnumSet.of(BatchStatus.STARTING, BatchStatus.STARTED, BatchStatus.STOPPING);

    @Inject
    JobLifecycle lifecycle;

    @Inject
    Ffmpeg ffmpeg;

    @Inject
    DataDirectory data;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** 0 means one worker per core. */
    @Inject
    @ConfigProperty(name = "stream.workers")
    int configuredWorkers;

    /** Names this server among those sharing a database; a restarted server resumes the jobs claimed under its name. */
    @Inject
    @ConfigProperty(name = "stream.instance-id")
    Optional<String> configuredInstance;

    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private String instance;
    private ScheduledFuture<?> tick;

    /** At start-up: what this instance was processing when it died goes back to the queue, then work begins. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        instance = configuredInstance.filter(s -> !s.isBlank()).orElseGet(Dispatcher::hostName);
        List<String> resumed = lifecycle.requeueClaimedBy(instance);
        for (String jobId : resumed) {
            lifecycle.find(jobId).map(TranscodeJob::executionId).ifPresent(this::settleDeadExecution);
            LOG.log(Level.INFO, "job {0}: back in the queue after the server stopped while processing it", jobId);
        }
        tick = scheduler.scheduleWithFixedDelay(this::dispatch, 2, 2, TimeUnit.SECONDS);
        LOG.log(Level.INFO, "dispatcher {0} started with {1} workers", instance, workers());
        wake();
    }

    /** Looks for work soon, on a dispatcher thread. */
    public void wake() {
        if (!stopping) {
            executor.execute(this::dispatch);
        }
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

    private synchronized void dispatch() {
        try {
            while (!stopping && active.size() < workers()) {
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

    private Optional<TranscodeJob> claimNext() {
        for (String jobId : lifecycle.queue(workers() + 8)) {
            try {
                Optional<TranscodeJob> claimed = lifecycle.claim(jobId, instance);
                if (claimed.isPresent()) {
                    return claimed;
                }
            } catch (PersistenceException | TransactionalException e) {
                LOG.log(Level.DEBUG, "job {0}: claimed by another instance first", jobId);
            }
        }
        return Optional.empty();
    }

    private void launch(TranscodeJob job) {
        String jobId = job.id();
        active.add(jobId);
        try {
            Properties parameters = new Properties();
            parameters.setProperty("jobId", jobId);
            JobOperator operator = BatchRuntime.getJobOperator();
            Long previous = job.executionId();
            JobExecution last = previous == null ? null : operator.getJobExecution(previous);
            // a restart reruns only the partitions that did not complete, and a cancel lets some complete
            long execution = last != null && RESTARTABLE.contains(last.getBatchStatus()) && !CANCELLED.equals(last.getExitStatus())
                    ? operator.restart(previous, parameters)
                    : operator.start(JOB_NAME, parameters);
            LOG.log(Level.INFO, "job {0}: batch execution {1} {2} ({3} priority)", jobId, execution,
                    previous == null ? "started" : "started after execution " + previous, job.priority().apiName());
        } catch (RuntimeException e) {
            active.remove(jobId);
            LOG.log(Level.ERROR, "job " + jobId + ": the batch job could not start", e);
            lifecycle.failed(jobId, "the batch job could not start");
        }
    }

    /**
     * Cancels a queued or running job. A running one has its ffmpeg killed at once and its batch execution
     * stopped; its files go when the execution ends. The upload stays, so that the job can be retried.
     */
    public TranscodeJob cancel(String jobId) throws IOException {
        JobStatus before = cancelInDatabase(jobId);
        if (before == JobStatus.Processing) {
            stop(jobId, lifecycle.find(jobId).map(TranscodeJob::executionId).orElse(null));
        } else if (before == JobStatus.Pending) {
            data.removeJobFolder(jobId);
        }
        return lifecycle.find(jobId).orElseThrow();
    }

    /** The segment writer updates a running job's row all the time; a cancel that collides with it tries again. */
    private JobStatus cancelInDatabase(String jobId) {
        for (int attempt = 1; ; attempt++) {
            try {
                return lifecycle.cancel(jobId);
            } catch (PersistenceException | TransactionalException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Queues a failed or cancelled job again; a failed one resumes from its last checkpoint. */
    public TranscodeJob retry(String jobId) {
        TranscodeJob job = lifecycle.retry(jobId);
        wake();
        return job;
    }

    private void stop(String jobId, Long executionId) {
        ffmpeg.kill(jobId);
        if (executionId != null) {
            try {
                BatchRuntime.getJobOperator().stop(executionId);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "job {0}: execution {1} was not running", jobId, executionId);
            }
        }
    }

    /**
     * An execution of a server that died still reads as running in the batch repository. The job itself resumes in
     * a new execution; the old one is stopped and abandoned where the batch runtime allows it.
     */
    private void settleDeadExecution(long executionId) {
        JobOperator operator = BatchRuntime.getJobOperator();
        try {
            if (LEFT_RUNNING.contains(operator.getJobExecution(executionId).getBatchStatus())) {
                operator.stop(executionId);
            }
        } catch (RuntimeException notRunningHere) {
            // JBatch knows only the executions of this JVM; a dead server's execution cannot be stopped
        }
        try {
            operator.abandon(executionId);
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "batch execution {0} of the stopped server stays as the batch runtime recorded it: {1}",
                    executionId, e.getMessage());
        }
    }

    @PreDestroy
    void shutdown() {
        stopping = true;
        if (tick != null) {
            tick.cancel(false);
        }
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
