package io.streamserver.transcoding.control;

import jakarta.batch.api.partition.AbstractPartitionAnalyzer;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Carries a failed rendition's reason (ffmpeg's own message) up to the job, which reports it. */
@Named
@Dependent
public class RenditionAnalyzer extends AbstractPartitionAnalyzer {

    @Inject
    JobContext jobContext;

    @Override
    public void analyzeStatus(BatchStatus batchStatus, String exitStatus) {
        if (batchStatus == BatchStatus.FAILED && exitStatus != null && !exitStatus.equals(batchStatus.name())) {
            jobContext.setExitStatus(exitStatus);
        }
    }
}
