package io.streamserver.encoding.control;

import io.streamserver.jobs.control.JobFiles;
import io.streamserver.jobs.control.Jobs;
import io.streamserver.jobs.entity.Segment;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.control.Ffmpeg;
import io.streamserver.media.entity.Loudness;
import io.streamserver.media.entity.Rendition;
import io.streamserver.platform.control.Transactions;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * For a job with a loudness target, measures EBU R128 loudness: of the source before encoding
 * ({@code subject=source}), which the second loudnorm pass needs, and of the normalised output after it
 * ({@code subject=output}); only transcode-to-hls-normalised runs it. Without a target the encode step measures the
 * source beside the encode.
 */
@Named
@Dependent
public class LoudnessBatchlet extends AbstractBatchlet {

    private static final System.Logger LOG = System.getLogger(LoudnessBatchlet.class.getName());

    @Inject
    @BatchProperty
    String jobId;

    @Inject
    @BatchProperty
    String subject;

    /** The epoch of this server's claim on the job, which each write checks. */
    @Inject
    @BatchProperty
    String epoch;

    @Inject
    JobContext jobContext;

    @Inject
    JobFiles files;

    @Inject
    Ffmpeg ffmpeg;

    @Inject
    Jobs jobs;

    @Inject
    ClaimedJobs claims;

    @Inject
    Transactions transactions;

    @Inject
    @ConfigProperty(name = "stream.job-timeout")
    Duration jobTimeout;

    /** The job is read and written in short transactions; ffmpeg runs between them, outside any. */
    @Override
    public String process() {
        TranscodeJob job = transactions.call(() -> {
            TranscodeJob found = jobs.existing(jobId);
            found.segments().size(); // the output's measurement reads the segment list after this transaction
            return found;
        });
        try {
            if ("source".equals(subject)) {
                Loudness measured = ffmpeg.measureLoudnessForTarget(jobId, files.upload(job.sourceFile()), job.source(),
                        job.loudnessTarget(), jobTimeout);
                transactions.run(() -> claims.held(jobId, epoch).measured(measured));
                LOG.log(Level.INFO, "job {0}: source loudness {1} LUFS, true peak {2} dBTP", jobId,
                        measured.integratedLufs(), measured.truePeakDbtp());
            } else {
                Rendition first = job.renditions().get(0);
                Loudness output = ffmpeg.measureSegmentsLoudness(jobId, files.jobFolder(jobId), first.container(),
                        first.initSegment(), job.segments(first.name()).stream().map(Segment::fileName).toList(),
                        jobTimeout);
                transactions.run(() -> claims.held(jobId, epoch).normalised(output));
                LOG.log(Level.INFO, "job {0}: normalised to {1} LUFS", jobId, output.integratedLufs());
            }
            return "COMPLETED";
        } catch (IllegalStateException e) {
            jobContext.setExitStatus("loudness analysis failed: " + e.getMessage());
            throw e;
        }
    }
}
