package io.streamserver.workers.control;

import io.streamserver.jobs.entity.TranscodeJob;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.enterprise.context.ApplicationScoped;

import java.lang.System.Logger.Level;
import java.util.EnumSet;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Starts, stops and settles the Jakarta Batch executions of transcode-to-hls (-single, -normalised) through the
 * JobOperator.
 */
@ApplicationScoped
public class BatchExecutions {

    public static final String JOB_NAME = "transcode-to-hls";
    /** The same for a job of one rendition, whose encode step needs no partitions. */
    public static final String SINGLE_JOB_NAME = "transcode-to-hls-single";
    /** The same with the loudness measured before and after the encode, for a job with a loudness target. */
    public static final String NORMALISED_JOB_NAME = "transcode-to-hls-normalised";
    private static final System.Logger LOG = System.getLogger(BatchExecutions.class.getName());
    private static final Set<BatchStatus> RESTARTABLE = EnumSet.of(BatchStatus.FAILED, BatchStatus.STOPPED);
    private static final Set<BatchStatus> LEFT_RUNNING = EnumSet.of(BatchStatus.STARTING, BatchStatus.STARTED, BatchStatus.STOPPING);
    /** The exit status of a cancelled job's execution: its files are gone, so its retry is a new batch instance. */
    public static final String CANCELLED = "CANCELLED";

    /**
     * Brings the batch runtime up, so that no job is claimed before it can start one. Servers starting together on a
     * fresh database race to create its tables, and the loser's runtime fails to come up; so it tries again, every
     * second, until it answers or the server stops.
     */
    public void awaitRuntime(BooleanSupplier stopping) {
        while (!stopping.getAsBoolean()) {
            try {
                BatchRuntime.getJobOperator().getJobNames();
                return;
            } catch (RuntimeException | ServiceConfigurationError e) {
                LOG.log(Level.WARNING, "the batch runtime is not up yet; trying again in a second: {0}", e.toString());
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Runs a claimed job: a restart of its last execution when that one failed or was stopped, so that its executions
     * stay one batch instance and its completed steps are not run again, else a new one. The claim's epoch goes with it, for every write to check.
     * Never call it inside a transaction: the batch job would inherit it, and its chunk transactions would be refused.
     *
     * @return the new execution's id
     */
    public long run(TranscodeJob job, long epoch) {
        Properties parameters = new Properties();
        parameters.setProperty("jobId", job.id());
        parameters.setProperty("epoch", Long.toString(epoch));
        JobOperator operator = BatchRuntime.getJobOperator();
        Long previous = job.executionId();
        JobExecution last = previous == null ? null : operator.getJobExecution(previous);
        // a restart reruns only the partitions that did not complete, and a cancel lets some complete
        long execution = last != null && RESTARTABLE.contains(last.getBatchStatus()) && !CANCELLED.equals(last.getExitStatus())
                ? operator.restart(previous, parameters)
                : operator.start(jobName(job), parameters);
        LOG.log(Level.INFO, "job {0}: batch execution {1} {2} ({3} priority, epoch {4})", job.id(), execution,
                previous == null ? "started" : "started after execution " + previous, job.priority().apiName(), epoch);
        return execution;
    }

    static String jobName(TranscodeJob job) {
        if (job.loudnessTarget() != null) {
            return NORMALISED_JOB_NAME;
        }
        return job.renditions().size() == 1 ? SINGLE_JOB_NAME : JOB_NAME;
    }

    /** Asks a running execution to stop; one that no longer runs here is left as it is. */
    public void stop(String jobId, long executionId) {
        try {
            BatchRuntime.getJobOperator().stop(executionId);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "job {0}: execution {1} was not running", jobId, executionId);
        }
    }

    /**
     * An execution of a server that died still reads as running in the shared batch repository. The job itself
     * resumes in a new execution; the old one is stopped and abandoned where the JobOperator allows it. JBatch stops
     * only the executions of its own JVM and abandons no running one, so there the old execution keeps its last
     * recorded status: the job's row, which names its current execution, holder and epoch, is the record that counts.
     */
    public void settleDead(String jobId, long executionId, String reason) {
        JobOperator operator = BatchRuntime.getJobOperator();
        try {
            if (LEFT_RUNNING.contains(operator.getJobExecution(executionId).getBatchStatus())) {
                operator.stop(executionId);
            }
        } catch (RuntimeException notRunningHere) {
            // the batch runtime knows only the executions of this JVM
        }
        try {
            operator.abandon(executionId);
            LOG.log(Level.INFO, "job {0}: batch execution {1} is abandoned: {2}", jobId, executionId, reason);
        } catch (RuntimeException stillRunning) {
            LOG.log(Level.INFO, "job {0}: batch execution {1} stays as the batch runtime recorded it ({2}): {3}", jobId,
                    executionId, stillRunning.getMessage(), reason);
        }
    }
}
