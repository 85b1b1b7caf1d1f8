package io.streamserver.transcoding.control;

import io.streamserver.platform.control.DataDirectory;
import io.streamserver.platform.control.DiskSpace;
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

/** Moves the job entity along with its batch execution, and tidies the files that a finished job no longer needs. */
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
    DataDirectory data;

    @Inject
    Uploads uploads;

    @Inject
    DiskSpace disk;

    @Override
    public void beforeJob() {
        lifecycle.started(jobId, jobContext.getExecutionId());
        LOG.log(Level.INFO, "job {0}: processing in batch execution {1}", jobId, jobContext.getExecutionId());
    }

    /** JBatch still reports STARTED here for a job that succeeded; FAILED and STOPPING are already set. */
    @Override
    public void afterJob() throws IOException {
        BatchStatus status = jobContext.getBatchStatus();
        if (status == BatchStatus.FAILED) {
            String exitStatus = jobContext.getExitStatus();
            String reason = exitStatus == null || exitStatus.equals(status.name()) ? "transcoding failed" : exitStatus;
            lifecycle.failed(jobId, reason);
            LOG.log(Level.WARNING, "job {0}: failed: {1}", jobId, reason);
            disk.releaseFailedJob(jobId);
        } else if (status != BatchStatus.STOPPING && status != BatchStatus.STOPPED) {
            TranscodeJob job = lifecycle.completed(jobId);
            uploads.delete(data.upload(job.sourceFile()));
            SegmentReader.deleteTree(data.encoderFolder(jobId));
            LOG.log(Level.INFO, "job {0}: completed with {1} segments", jobId, job.segments().size());
        }
    }
}
