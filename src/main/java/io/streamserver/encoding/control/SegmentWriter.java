package io.streamserver.encoding.control;

import io.streamserver.jobs.control.JobFiles;
import io.streamserver.jobs.control.JobStateChanged;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.control.EncodedSegment;
import io.streamserver.media.control.HlsEncoding;
import io.streamserver.media.control.Waveform;
import io.streamserver.media.entity.Rendition;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Publishes and records a chunk's finished segments, in the chunk's transaction, once per chunk under the job's
 * claim: the job's row is read locked, so that neither a takeover nor a cancel commits between the check and the
 * chunk's commit. Each segment moves into the job's folder before its row is written, so a recorded segment is
 * always a complete file; its rendition's progress row and its own are written, never the job's, so a ladder's
 * partitions do not contend, and a segment already recorded is not recorded again. The recorded segments are where
 * a restart resumes. The encode's end brings the metered loudness and the waveform. Each chunk that recorded a
 * segment announces the job's progress, in the chunk's transaction.
 */
@Named
@Dependent
public class SegmentWriter extends AbstractItemWriter {

    private static final System.Logger LOG = System.getLogger(SegmentWriter.class.getName());

    @Inject
    @BatchProperty
    String jobId;

    /** The epoch of this server's claim on the job, which each chunk's commit checks. */
    @Inject
    @BatchProperty
    String epoch;

    @Inject
    ClaimedJobs claims;

    @Inject
    JobFiles files;

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<JobStateChanged> changed;

    @Override
    public void writeItems(List<Object> items) throws IOException {
        TranscodeJob job = claims.held(jobId, epoch);
        boolean progressed = false;
        for (Object item : items) {
            if (item instanceof FinishedSegment finished) {
                record(job, finished);
                progressed = true;
            } else if (item instanceof FinishedEncode end) {
                finish(job, end);
            }
        }
        if (progressed) {
            changed.fire(new JobStateChanged(job, JobStateChanged.Change.PROGRESSED));
        }
    }

    private void record(TranscodeJob job, FinishedSegment finished) throws IOException {
        Rendition rendition = job.rendition(finished.rendition());
        EncodedSegment segment = finished.segment();
        Path jobFolder = files.jobFolder(jobId);
        Path init = finished.encoderFolder().resolve(HlsEncoding.INIT_SEGMENT);
        if (Files.exists(init)) {
            Files.move(init, jobFolder.resolve(rendition.initSegment()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Path published = Files.move(finished.encoderFolder().resolve(segment.fileName()), jobFolder.resolve(segment.fileName()),
                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        job.recordSegment(rendition.name(), segment.sequence(), segment.fileName(), segment.durationSeconds(),
                Files.size(published)).ifPresent(em::persist);
    }

    /** The waveform goes beside the playlist, written whole before it is visible. */
    private void finish(TranscodeJob job, FinishedEncode end) throws IOException {
        if (end.loudness() != null) {
            job.measured(end.loudness());
            LOG.log(Level.INFO, "job {0}: source loudness {1} LUFS, sample peak {2} dBFS, true peak {3} dBTP", jobId,
                    end.loudness().integratedLufs(), end.loudness().samplePeakDbfs(), end.loudness().truePeakDbtp());
        }
        if (end.waveform() != null) {
            Path partial = end.encoderFolder().resolve(Waveform.FILE_NAME + ".part");
            Files.writeString(partial, end.waveform().json(), StandardCharsets.UTF_8);
            Files.move(partial, files.jobFolder(jobId).resolve(Waveform.FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
