package io.streamserver.encoding.control;

import io.streamserver.workers.control.LocalServer;
import io.streamserver.jobs.control.JobFiles;
import io.streamserver.jobs.control.Jobs;
import io.streamserver.jobs.control.SegmentLength;
import io.streamserver.jobs.entity.LeaseLostException;
import io.streamserver.jobs.entity.Segment;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.control.EncodedSegment;
import io.streamserver.media.control.EncoderPlaylist;
import io.streamserver.media.control.Ffmpeg;
import io.streamserver.media.control.FfmpegProcess;
import io.streamserver.media.control.HlsEncoding;
import io.streamserver.media.control.Waveform;
import io.streamserver.media.entity.Loudness;
import io.streamserver.media.entity.Rendition;
import io.streamserver.platform.control.DataDirectory;
import io.streamserver.platform.control.Transactions;
import io.streamserver.workers.control.Leases;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.Serializable;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Runs one continuous ffmpeg encode of the job's source, so there is no gap or click between segments,
 * and hands each segment to the chunk as soon as ffmpeg has finished it. The segment is moved into the job's
 * folder before it is written, so a committed segment is always a complete file.
 * After a restart the encode runs again from the start and the segments that the database already records are
 * dropped: the output then equals that of an uninterrupted run. Each partition of the step encodes one rendition; the first
 * also draws the waveform and meters the source's loudness in the same ffmpeg, unless a loudness target had it
 * measured before.
 */
@Named
@Dependent
public class SegmentReader extends AbstractItemReader {

    private static final System.Logger LOG = System.getLogger(SegmentReader.class.getName());
    private static final long POLL_MILLIS = 100;

    @Inject
    @BatchProperty
    String jobId;

    /** The epoch of this server's claim on the job, which must still hold before a segment is published. */
    @Inject
    @BatchProperty
    String epoch;

    /** The partition's rendition; the single rendition's name when the job has no ladder. */
    @Inject
    @BatchProperty
    String rendition;

    @Inject
    EncodingFailures failures;

    @Inject
    StepContext stepContext;

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
    SegmentLength segmentLength;

    @Inject
    LocalServer server;

    @Inject
    Leases leases;

    @Inject
    @ConfigProperty(name = "stream.job-timeout")
    Duration jobTimeout;

    /** Whether the meter beside the encode measures the true peak (a third more CPU for the encode) or the sample peak. */
    @Inject
    @ConfigProperty(name = "stream.loudness.true-peak")
    boolean truePeak;

    private Rendition output;
    private HlsEncoding encoding;
    private FfmpegProcess encoder;
    private final Deque<EncodedSegment> finished = new ArrayDeque<>();
    private int lastListed;
    private int lastRead;

    /**
     * The database says where to resume, and the reader keeps no checkpoint: a segment counts once its row commits,
     * and a job resumed by another server, or retried after a cancel, starts a new batch instance with no checkpoint.
     */
    @Override
    public void open(Serializable checkpoint) throws IOException {
        transactions.run(() -> {
            TranscodeJob job = jobs.existing(jobId);
            output = job.rendition(rendition == null || rendition.isBlank() ? Rendition.SINGLE : rendition);
            lastRead = publishedSegments(job);
            // the first rendition's encode also draws the waveform and, unless a target had it measured before, meters
            // the source's loudness: from its own decode, so the source is decoded once
            boolean first = output.name().equals(job.renditions().get(0).name());
            HlsEncoding.Meter meter = first && job.loudnessTarget() == null && job.sourceLoudness() == null
                    ? (truePeak ? HlsEncoding.Meter.TRUE_PEAK : HlsEncoding.Meter.SAMPLE_PEAK) : null;
            // each rendition's encoder has a folder of its own: ffmpeg's playlist and init segment names are fixed; and
            // each claim too, so that the encoder of a server that lost the job never writes into a taker's folder
            encoding = new HlsEncoding(files.upload(job.sourceFile()), job.source(), output.settings(),
                    files.encoderFolder(jobId).resolve("epoch-" + epoch).resolve(output.name()), output.segmentPrefix(),
                    segmentLength.forJob(job), job.loudnessTarget(), job.sourceLoudness(),
                    meter, first);
        });
        DataDirectory.deleteTree(encoding.outputFolder());
        Files.createDirectories(encoding.outputFolder());
        Path log = output.isSingle() ? files.ffmpegLog(jobId) : files.jobFolder(jobId).resolve("ffmpeg-" + output.name() + ".log");
        encoder = ffmpeg.encodeHls(jobId, encoding, log, jobTimeout);
        LOG.log(Level.INFO, "job {0}: encoding {1} to {2} started, resuming after segment {3}", jobId,
                output.name(), output.settings().codec().apiName(), lastRead);
    }

    /**
     * How many of the rendition's recorded segments are still in the job folder, counted from the first. After a
     * cancel the files are gone, and the encode republishes them while the already recorded segments keep their
     * progress.
     */
    private int publishedSegments(TranscodeJob job) {
        int published = 0;
        for (Segment segment : job.segments(output.name())) {
            if (segment.sequence() != published + 1 || !Files.exists(files.jobFolder(jobId).resolve(segment.fileName()))) {
                break;
            }
            published++;
        }
        return published;
    }

    @Override
    public Object readItem() throws Exception {
        while (true) {
            if (!finished.isEmpty()) {
                EncodedSegment segment = finished.poll();
                if (segment.sequence() <= lastRead) {
                    Files.deleteIfExists(encoding.outputFolder().resolve(segment.fileName()));
                    continue;
                }
                return publish(segment);
            }
            boolean running = encoder.isRunning();
            for (EncodedSegment segment : EncoderPlaylist.read(encoding.encoderPlaylist())) {
                if (segment.sequence() > lastListed) {
                    finished.add(segment);
                    lastListed = segment.sequence();
                }
            }
            if (!finished.isEmpty()) {
                continue;
            }
            if (!running) {
                if (encoder.succeeded()) {
                    recordLoudness();
                    publishWaveform();
                    return null;
                }
                if (encoder.wasKilled() && !encoder.timedOut()) {
                    if (claims.serverStopping()) {
                        // fails the execution, so that the next start resumes it after its recorded segments
                        throw new EncodingFailedException("the server stopped during the encode");
                    }
                    return null; // cancelled: the job is already marked so
                }
                String reason = encoder.failureReason();
                failures.record(jobId, epoch, reason);
                stepContext.setExitStatus(reason);
                throw new EncodingFailedException(reason);
            }
            // the last segment is ready as soon as ffmpeg exits: no need to sleep the full interval
            encoder.awaitExit(POLL_MILLIS);
        }
    }

    private void recordLoudness() throws EncodingFailedException, InterruptedException {
        if (encoding.meter() == null) {
            return;
        }
        try {
            Loudness measured = ffmpeg.meteredLoudness(encoding);
            // its own transaction, not the chunk's, which would hold the job's row for the rest of the chunk
            transactions.runAlone(() -> claims.held(jobId, epoch).measured(measured));
            LOG.log(Level.INFO, "job {0}: source loudness {1} LUFS, sample peak {2} dBFS, true peak {3} dBTP", jobId,
                    measured.integratedLufs(), measured.samplePeakDbfs(), measured.truePeakDbtp());
        } catch (IllegalStateException e) {
            String reason = "loudness analysis failed: " + e.getMessage();
            failures.record(jobId, epoch, reason);
            stepContext.setExitStatus(reason);
            throw new EncodingFailedException(reason);
        }
    }

    /** The waveform goes beside the playlist, written whole before it is visible. */
    private void publishWaveform() throws IOException, InterruptedException {
        Optional<Waveform> waveform = encoder.waveform();
        if (waveform.isPresent()) {
            claims.requireHeld(jobId, epoch, "the waveform");
            Path partial = encoding.outputFolder().resolve(Waveform.FILE_NAME + ".part");
            Files.writeString(partial, waveform.get().json(), StandardCharsets.UTF_8);
            Files.move(partial, files.jobFolder(jobId).resolve(Waveform.FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Moves a finished segment into the job's folder, unless this server has lost the job meanwhile. */
    private EncodedSegment publish(EncodedSegment segment) throws IOException {
        claims.requireHeld(jobId, epoch, "segment " + segment.sequence());
        Path jobFolder = files.jobFolder(jobId);
        Path init = encoding.outputFolder().resolve(HlsEncoding.INIT_SEGMENT);
        if (Files.exists(init)) {
            Files.move(init, jobFolder.resolve(output.initSegment()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Path published = Files.move(encoding.outputFolder().resolve(segment.fileName()), jobFolder.resolve(segment.fileName()),
                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        lastRead = segment.sequence();
        return new EncodedSegment(output.name(), segment.sequence(), segment.fileName(), segment.durationSeconds(),
                Files.size(published));
    }

    @Override
    public void close() throws IOException {
        if (encoder != null) {
            encoder.close();
        }
    }

    /** ffmpeg failed; the message is ffmpeg's own. */
    public static class EncodingFailedException extends Exception {
        EncodingFailedException(String reason) {
            super(reason);
        }
    }
}
