package io.streamserver.transcoding.control;

import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.enterprise.context.ApplicationScoped;

import java.lang.System.Logger.Level;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;

/** Starts, stops and settles the Jakarta Batch executions of transcode-to-hls through the JobOperator. */
@ApplicationScoped
public class BatchExecutions {

    public static final String JOB_NAME = "transcode-to-hls";
    private static final System.Logger LOG = System.getLogger(BatchExecutions.class.getName());
    private static final Set<BatchStatus> RESTARTABLE = EnumSet.of(BatchStatus.FAILED, BatchStatus.STOPPED);
    private static final Set<BatchStatus> LEFT_RUNNING = EnumSet.of(BatchStatus.STARTING, BatchStatus.STARTED, BatchStatus.STOPPING);
    /** The exit status of a cancelled job's execution: its files are gone, so its retry is a new batch instance. */
    static final String CANCELLED = "CANCELLED";

    /**
     * Runs a claimed job: a restart of its last execution when that one failed or was stopped, so that the batch
     * runtime's checkpoints carry over, else a new one. Never call it inside a transaction: the batch job would
     * inherit it, and its chunk transactions would be refused.
     *
     * @return the new execution's id
     */
    public long run(TranscodeJob job) {
        Properties parameters = new Properties();
        parameters.setProperty("jobId", job.id());
        JobOperator operator = BatchRuntime.getJobOperator();
        Long previous = job.executionId();
        JobExecution last = previous == null ? null : operator.getJobExecution(previous);
        // a restart reruns only the partitions that did not complete, and a cancel lets some complete
        long execution = last != null && RESTARTABLE.contains(last.getBatchStatus()) && !CANCELLED.equals(last.getExitStatus())
                ? operator.restart(previous, parameters)
                : operator.start(JOB_NAME, parameters);
        LOG.log(Level.INFO, "job {0}: batch execution {1} {2} ({3} priority)", job.id(), execution,
                previous == null ? "started" : "started after execution " + previous, job.priority().apiName());
        return execution;
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
     * An execution of a server that died still reads as running in the batch repository. The job itself resumes in
     * a new execution; the old one is stopped and abandoned where the batch runtime allows it.
     */
    public void settleDead(long executionId) {
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
}
