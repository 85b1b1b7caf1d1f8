package io.streamserver.transcoding.control;

import io.streamserver.platform.control.DataDirectory;
import io.streamserver.platform.control.DiskSpace;
import io.streamserver.transcoding.entity.JobStatus;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.JobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.lang.System.Logger.Level;

/** Moves the job entity along with its batch execution, tidies the files it no longer needs, and frees its slot. */
@Named
@Dependent
public class TranscodeJobListener implements JobListener {

    private static final System.Logger LOG = System.getLogger(TranscodeJobListener.class.getName());

    @Inject
    @BatchProperty
    String jobId;

    @Inject
    JobContext jobContext;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    Dispatcher dispatcher;

    @Inject
    DataDirectory data;

    @Inject
    Uploads uploads;

    @Inject
    DiskSpace disk;

    @Override
    public void beforeJob() {
        if (!lifecycle.started(jobId, jobContext.getExecutionId())) {
            throw new IllegalStateException("job " + jobId + " was cancelled before its batch execution began");
        }
        LOG.log(Level.INFO, "job {0}: processing in batch execution {1}", jobId, jobContext.getExecutionId());
    }

    /** JBatch still reports STARTED here for a job that succeeded; FAILED and STOPPING are already set. */
    @Override
    public void afterJob() throws IOException {
        try {
            BatchStatus status = jobContext.getBatchStatus();
            TranscodeJob job = lifecycle.load(jobId);
            if (job.status() == JobStatus.Cancelled) {
                jobContext.setExitStatus(Dispatcher.CANCELLED);
                data.removeJobFolder(jobId);
                LOG.log(Level.INFO, "job {0}: cancelled; its files are removed", jobId);
            } else if (dispatcher.isStopping()) {
                LOG.log(Level.INFO, "job {0}: interrupted by the server stopping; it resumes at the next start", jobId);
            } else if (status == BatchStatus.FAILED) {
                String exitStatus = jobContext.getExitStatus();
                String reason = exitStatus == null || exitStatus.equals(status.name()) ? "transcoding failed" : exitStatus;
                lifecycle.failed(jobId, reason);
                LOG.log(Level.WARNING, "job {0}: failed: {1}", jobId, reason);
                disk.releaseFailedJob(jobId);
            } else if (status == BatchStatus.STOPPING || status == BatchStatus.STOPPED) {
                lifecycle.failed(jobId, "the batch execution was stopped");
                LOG.log(Level.WARNING, "job {0}: its batch execution was stopped outside the API", jobId);
            } else {
                job = lifecycle.completed(jobId);
                uploads.delete(data.upload(job.sourceFile()));
                data.removeEncoderFolder(jobId);
                LOG.log(Level.INFO, "job {0}: completed with {1} segments", jobId, job.segments().size());
            }
        } finally {
            dispatcher.finished(jobId);
        }
    }
}
