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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        Map<FinishedSegment, Long> uploaded = files.inBucket() ? upload(items) : Map.of();
        TranscodeJob job = claims.held(jobId, epoch);
        boolean progressed = false;
        for (Object item : items) {
            if (item instanceof FinishedSegment finished) {
                if (uploaded.containsKey(finished)) {
                    EncodedSegment segment = finished.segment();
                    job.recordSegment(finished.rendition(), segment.sequence(), segment.fileName(), segment.durationSeconds(),
                            uploaded.get(finished)).ifPresent(em::persist);
                } else {
                    record(job, finished);
                }
                progressed = true;
            } else if (item instanceof FinishedEncode end) {
                finish(job, end);
            }
        }
        if (progressed) {
            changed.fire(new JobStateChanged(job, JobStateChanged.Change.PROGRESSED));
        }
    }

    /**
     * With a bucket, the chunk's files go into it before the job's row is locked, so that no lock waits on the network:
     * a segment is in the bucket before its row commits, and a PUT repeated after a crash writes the same name again.
     * The local copies go once uploaded.
     * @return each segment's size
     */
    private Map<FinishedSegment, Long> upload(List<Object> items) throws IOException {
        Map<FinishedSegment, Long> sizes = new HashMap<>();
        for (Object item : items) {
            if (item instanceof FinishedSegment finished) {
                Path init = finished.encoderFolder().resolve(HlsEncoding.INIT_SEGMENT);
                if (Files.exists(init)) {
                    // ffmpeg names the init segment alike in every rendition's folder; the published name says which
                    files.publish(jobId, init, Rendition.initSegment(finished.rendition()));
                    Files.delete(init);
                }
                Path file = finished.encoderFolder().resolve(finished.segment().fileName());
                long size = Files.size(file);
                files.publish(jobId, file, finished.segment().fileName());
                Files.delete(file);
                sizes.put(finished, size);
            } else if (item instanceof FinishedEncode end && end.waveform() != null) {
                Path peaks = end.encoderFolder().resolve(Waveform.FILE_NAME);
                Files.writeString(peaks, end.waveform().json(), StandardCharsets.UTF_8);
                files.publish(jobId, peaks, Waveform.FILE_NAME);
            }
        }
        return sizes;
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
        if (end.waveform() != null && !files.inBucket()) {
            Path partial = end.encoderFolder().resolve(Waveform.FILE_NAME + ".part");
            Files.writeString(partial, end.waveform().json(), StandardCharsets.UTF_8);
            Files.move(partial, files.jobFolder(jobId).resolve(Waveform.FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
