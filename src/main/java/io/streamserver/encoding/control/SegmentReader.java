package io.streamserver.encoding.control;
import io.streamserver.jobs.control.JobFiles;
import io.streamserver.jobs.control.Jobs;
import io.streamserver.jobs.control.SegmentLength;
import io.streamserver.jobs.entity.Segment;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.control.EncodedSegment;
import io.streamserver.media.control.PrimingTrim;
import io.streamserver.media.control.EncoderPlaylist;
import io.streamserver.media.control.Ffmpeg;
import io.streamserver.media.control.FfmpegProcess;
import io.streamserver.media.control.HlsEncoding;
import io.streamserver.media.entity.Loudness;
import io.streamserver.media.entity.Rendition;
import io.streamserver.platform.control.DataDirectory;
import io.streamserver.platform.control.Transactions;
import io.streamserver.workers.control.LocalServer;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Runs one continuous ffmpeg encode of the job's source, so there is no gap or click between segments, and hands
 * each segment to the chunk as soon as ffmpeg has finished it, then the encode's end with its loudness and waveform.
 * It reads only the encoder's files: the writer publishes and records, under the job's claim. After a restart the
 * encode runs again from the start and the segments that the database already records are dropped: the output then
 * equals that of an uninterrupted run. Each partition of the step encodes one rendition; the first also draws the
 * waveform and meters the source's loudness in the same ffmpeg, unless a loudness target had it measured before.
 */
@Named
@Dependent
public class SegmentReader extends AbstractItemReader {

    private static final System.Logger LOG = System.getLogger(SegmentReader.class.getName());
    private static final long POLL_MILLIS = 100;

    @Inject
    @BatchProperty
    String jobId;

    /** The epoch of this server's claim on the job: each claim encodes into a folder of its own. */
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
    @ConfigProperty(name = "stream.job-timeout")
    Duration jobTimeout;

    /** Whether the meter beside the encode measures the true peak (a third more CPU for the encode) or the sample peak. */
    @Inject
    @ConfigProperty(name = "stream.loudness.true-peak")
    boolean truePeak;

    private Rendition output;
    private HlsEncoding encoding;
    private FfmpegProcess encoder;
    private EncoderPlaylist playlist;
    private final Deque<EncodedSegment> finished = new ArrayDeque<>();
    private int lastRead;
    private boolean ended;
    private boolean exitReported;
    private boolean initTrimmed;

    /**
     * The database says where to resume, and the reader keeps no checkpoint: a segment counts once its row commits,
     * and a job resumed by another server, or retried after a cancel, starts a new batch instance with no checkpoint.
     */
    @Override
    public void open(Serializable checkpoint) throws IOException {
        // a transaction of its own, whose connection is back in the pool before ffmpeg starts
        List<String> recorded = new ArrayList<>();
        String[] upload = new String[1];
        transactions.runAlone(() -> {
            TranscodeJob job = jobs.existing(jobId);
            output = job.rendition(rendition == null || rendition.isBlank() ? Rendition.SINGLE : rendition);
            recorded.addAll(recordedSegments(job));
            upload[0] = job.sourceFile();
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
        // the bucket is asked outside the transaction: a listing, and the upload when another server took it
        lastRead = publishedSegments(recorded);
        files.localUpload(upload[0]);
        DataDirectory.deleteTree(encoding.outputFolder());
        Files.createDirectories(encoding.outputFolder());
        playlist = new EncoderPlaylist(encoding.encoderPlaylist());
        Path log = output.isSingle() ? files.ffmpegLog(jobId) : files.jobFolder(jobId).resolve("ffmpeg-" + output.name() + ".log");
        encoder = ffmpeg.encodeHls(jobId, encoding, log, jobTimeout);
        LOG.log(Level.INFO, "job {0}: encoding {1} to {2} started, resuming after segment {3}", jobId,
                output.name(), output.settings().codec().apiName(), lastRead);
    }

    /** The file names of the rendition's recorded segments, in order from the first, until a gap in the sequence. */
    private List<String> recordedSegments(TranscodeJob job) {
        List<String> names = new ArrayList<>();
        for (Segment segment : job.segments(output.name())) {
            if (segment.sequence() != names.size() + 1) {
                break;
            }
            names.add(segment.fileName());
        }
        return names;
    }

    /**
     * How many of the rendition's recorded segments are still published (in the job folder, or in the bucket), counted
     * from the first. After a cancel the files are gone, and the encode republishes them while the already recorded
     * segments keep their progress.
     */
    private int publishedSegments(List<String> recorded) {
        Set<String> inBucket = files.inBucket() && !recorded.isEmpty() ? files.published(jobId) : Set.of();
        int published = 0;
        for (String name : recorded) {
            if (files.inBucket() ? !inBucket.contains(name) : !Files.exists(files.jobFolder(jobId).resolve(name))) {
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
                lastRead = segment.sequence();
                return new FinishedSegment(output.name(), encoding.outputFolder(), segment);
            }
            if (ended) {
                return null;
            }
            // whether it runs, before the playlist is read: a segment listed just before ffmpeg exits is still read
            boolean running = encoder.isRunning();
            finished.addAll(playlist.newlyListed());
            if (!finished.isEmpty()) {
                if (!initTrimmed) {
                    // ffmpeg wrote the init segment before it listed a segment; it is published with the first one
                    PrimingTrim.apply(encoding);
                    initTrimmed = true;
                }
                continue;
            }
            if (!running) {
                encoderExited();
                if (encoder.succeeded()) {
                    ended = true;
                    return new FinishedEncode(encoding.outputFolder(), meteredLoudness(), encoder.waveform().orElse(null));
                }
                if (encoder.wasKilled() && !encoder.timedOut()) {
                    // a partition whose encoder was killed never completes: the job's listener reads why in the job's
                    // row (a cancel, a takeover) or in the server's state (stopping: the job resumes later)
                    throw claims.serverStopping() ? new EncodingFailedException("the server stopped during the encode")
                            : failed("ffmpeg was stopped before it finished");
                }
                throw failed(encoder.failureReason());
            }
            // the last segment is ready as soon as ffmpeg exits: no need to sleep the full interval
            encoder.awaitExit(POLL_MILLIS);
        }
    }

    /** The loudness that the meter beside the encode measured; null when this encode had no meter. */
    private Loudness meteredLoudness() throws EncodingFailedException {
        if (encoding.meter() == null) {
            return null;
        }
        try {
            return ffmpeg.meteredLoudness(encoding);
        } catch (IllegalStateException e) {
            throw failed("loudness analysis failed: " + e.getMessage());
        }
    }

    /** The failure's reason goes to the job's listener, which fails the job with it. */
    private EncodingFailedException failed(String reason) {
        failures.record(jobId, epoch, reason);
        stepContext.setExitStatus(reason);
        return new EncodingFailedException(reason);
    }

    /** The slot goes to the next job now: this encode's last segments and end are recorded meanwhile. */
    private void encoderExited() {
        if (!exitReported) {
            exitReported = true;
            claims.encoderExited(jobId, epoch);
        }
    }

    @Override
    public void close() throws IOException {
        if (encoder != null) {
            encoder.close();
            encoderExited();
        }
    }

    /** ffmpeg failed; the message is ffmpeg's own. */
    public static class EncodingFailedException extends Exception {
        EncodingFailedException(String reason) {
            super(reason);
        }
    }
}
