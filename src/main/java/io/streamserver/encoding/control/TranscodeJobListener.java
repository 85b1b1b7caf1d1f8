package io.streamserver.encoding.control;

import io.streamserver.jobs.control.JobFiles;
import io.streamserver.jobs.control.JobStateChanged;
import io.streamserver.jobs.control.Jobs;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.platform.control.DataDirectory;
import io.streamserver.platform.control.Transactions;
import io.streamserver.workers.control.BatchExecutions;
import io.streamserver.workers.control.ExecutionEnded;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.JobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Moves the job entity along with its batch execution, tidies the files it no longer needs, and frees its slot; all
 * only while this server's claim on the job holds. A server that lost the job leaves it, and its output, to the taker.
 */
@Named
@Dependent
public class TranscodeJobListener implements JobListener {

    private static final System.Logger LOG = System.getLogger(TranscodeJobListener.class.getName());

    @Inject
    @BatchProperty
    String jobId;

    /** The epoch of this server's claim on the job: the job moves only while that claim holds. */
    @Inject
    @BatchProperty
    String epoch;

    @Inject
    JobContext jobContext;

    @Inject
    Jobs jobs;

    @Inject
    ClaimedJobs claims;

    @Inject
    Transactions transactions;

    @Inject
    Event<ExecutionEnded> executionEnded;

    @Inject
    JobFiles files;

    @Inject
    EncodingFailures failures;

    @Inject
    Event<JobStateChanged> changed;

    private String sourceFile;

    @Override
    public void beforeJob() {
        if (!transactions.call(() -> {
            TranscodeJob job = jobs.existingForUpdate(jobId);
            boolean started = claims.isHeld(job, epoch) && job.start(jobContext.getExecutionId());
            if (started) {
                changed.fire(new JobStateChanged(job, JobStateChanged.Change.STARTED));
            }
            return started;
        })) {
            throw new IllegalStateException("job " + jobId + " was cancelled or taken over before its batch execution began");
        }
        LOG.log(Level.INFO, "job {0}: processing in batch execution {1}", jobId, jobContext.getExecutionId());
    }

    /** JBatch still reports STARTED here for a job that succeeded; FAILED and STOPPING are already set. */
    @Override
    public void afterJob() throws IOException {
        try {
            ExecutionOutcome outcome = transactions.call(this::settle);
            switch (outcome) {
                case CANCELLED -> {
                    jobContext.setExitStatus(BatchExecutions.CANCELLED);
                    files.removeJobFolder(jobId);
                    claims.release(jobId, epoch);
                    LOG.log(Level.INFO, "job {0}: cancelled; its files are removed", jobId);
                }
                case LOST -> {
                    DataDirectory.deleteTree(files.encoderFolder(jobId).resolve("epoch-" + epoch));
                    LOG.log(Level.WARNING, "job {0}: this server lost it (epoch {1}); it wrote nothing more", jobId, epoch);
                }
                case FAILED -> files.releaseFailedJob(jobId);
                case COMPLETED -> {
                    files.deleteUpload(sourceFile);
                    files.removeEncoderFolder(jobId);
                }
                case STOPPED, INTERRUPTED -> {
                    // a stopped job keeps its output for a look; an interrupted one resumes on the next server free
                }
            }
            if (outcome != ExecutionOutcome.COMPLETED) {
                // with a bucket, which keeps the upload for a retry, this server's copy is scratch
                files.dropLocalUpload(sourceFile);
            }
        } finally {
            executionEnded.fire(new ExecutionEnded(jobId, claimEpoch()));
        }
    }

    private long claimEpoch() {
        return Long.parseLong(epoch);
    }

    /** Moves the job to where its execution ended; the files are tidied once that has committed. */
    private ExecutionOutcome settle() {
        BatchStatus status = jobContext.getBatchStatus();
        Optional<String> renditionFailure = failures.take(jobId, epoch);
        TranscodeJob job = jobs.existingForUpdate(jobId);
        sourceFile = job.sourceFile();
        ExecutionOutcome outcome = ExecutionOutcome.of(claims.wasCancelled(job, epoch), claims.isHeld(job, epoch),
                claims.serverStopping(), status);
        switch (outcome) {
            case INTERRUPTED -> {
                job.requeue();
                LOG.log(Level.INFO, "job {0}: interrupted by the server stopping; back in the queue, where it resumes", jobId);
            }
            case FAILED -> {
                String exitStatus = jobContext.getExitStatus();
                String reason = renditionFailure.orElse(exitStatus == null || exitStatus.equals(status.name())
                        ? "transcoding failed" : exitStatus);
                job.fail(reason);
                changed.fire(new JobStateChanged(job, JobStateChanged.Change.FAILED));
                LOG.log(Level.WARNING, "job {0}: failed: {1}", jobId, reason);
            }
            case STOPPED -> {
                job.fail("the batch execution was stopped");
                changed.fire(new JobStateChanged(job, JobStateChanged.Change.FAILED));
                LOG.log(Level.WARNING, "job {0}: its batch execution was stopped outside the API", jobId);
            }
            case COMPLETED -> {
                job.complete();
                changed.fire(new JobStateChanged(job, JobStateChanged.Change.COMPLETED));
                LOG.log(Level.INFO, "job {0}: completed with {1} segments", jobId, job.segments().size());
            }
            case CANCELLED, LOST -> {
                // the job's row already says so
            }
        }
        return outcome;
    }
}
