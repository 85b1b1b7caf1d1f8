package io.streamserver.transcoding.control;

import io.streamserver.platform.control.DataDirectory;
import io.streamserver.transcoding.entity.Segment;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.Serializable;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Runs one continuous ffmpeg encode of the job's source, so there is no gap or click between segments,
 * and hands each segment to the chunk as soon as ffmpeg has finished it. The segment is moved into the job's
 * folder before it is written, so a committed segment is always a complete file.
 * After a restart the encode runs again from the start and the segments up to the checkpoint are dropped:
 * the output then equals that of an uninterrupted run.
 */
@Named
@Dependent
public class SegmentReader extends AbstractItemReader {

    private static final System.Logger LOG = System.getLogger(SegmentReader.class.getName());
    private static final long POLL_MILLIS = 100;

    @Inject
    @BatchProperty
    String jobId;

    @Inject
    JobContext jobContext;

    @Inject
    DataDirectory data;

    @Inject
    Ffmpeg ffmpeg;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    Dispatcher dispatcher;

    @Inject
    @ConfigProperty(name = "stream.segment-seconds")
    int segmentSeconds;

    @Inject
    @ConfigProperty(name = "stream.job-timeout")
    String jobTimeout;

    private HlsEncoding encoding;
    private FfmpegProcess encoder;
    private final Deque<EncodedSegment> finished = new ArrayDeque<>();
    private int lastListed;
    private int lastRead;

    @Override
    public void open(Serializable checkpoint) throws IOException {
        TranscodeJob job = lifecycle.find(jobId).orElseThrow(() -> new IllegalStateException("no job " + jobId));
        lastRead = publishedSegments(job);
        Path folder = data.encoderFolder(jobId);
        DataDirectory.deleteTree(folder);
        Files.createDirectories(folder);
        encoding = new HlsEncoding(data.upload(job.sourceFile()), job.source(), job.encoding(), folder, "segment", segmentSeconds);
        encoder = ffmpeg.encodeHls(jobId, encoding, data.ffmpegLog(jobId), timeout(jobTimeout));
        LOG.log(Level.INFO, "job {0}: encoding to {1} started, resuming after segment {2} (checkpoint {3})", jobId,
                job.encoding().codec().apiName(), lastRead, checkpoint);
    }

    /**
     * How many of the committed segments are still in the job folder, counted from the first. The database holds
     * the same position as the batch checkpoint (both commit together); after a cancel the files are gone, and
     * the encode republishes them while the already recorded segments keep their progress.
     */
    private int publishedSegments(TranscodeJob job) {
        int published = 0;
        for (Segment segment : job.segments()) {
            if (segment.sequence() != published + 1 || !Files.exists(data.jobFolder(jobId).resolve(segment.fileName()))) {
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
                    return null;
                }
                if (encoder.wasKilled() && !encoder.timedOut()) {
                    if (dispatcher.isStopping()) {
                        // fails the execution, so that the next start resumes it from its checkpoint
                        throw new EncodingFailedException("the server stopped during the encode");
                    }
                    return null; // cancelled: the job is already marked so
                }
                String reason = encoder.failureReason();
                jobContext.setExitStatus(reason);
                throw new EncodingFailedException(reason);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private EncodedSegment publish(EncodedSegment segment) throws IOException {
        Path jobFolder = data.jobFolder(jobId);
        Path init = encoding.outputFolder().resolve(HlsEncoding.INIT_SEGMENT);
        if (Files.exists(init)) {
            Files.move(init, jobFolder.resolve(HlsEncoding.INIT_SEGMENT), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(encoding.outputFolder().resolve(segment.fileName()), jobFolder.resolve(segment.fileName()),
                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        lastRead = segment.sequence();
        return segment;
    }

    @Override
    public Serializable checkpointInfo() {
        return new SegmentCheckpoint(lastRead);
    }

    @Override
    public void close() throws IOException {
        if (encoder != null) {
            encoder.close();
        }
    }

    /** STREAM_JOB_TIMEOUT as an ISO-8601 duration (PT2H) or a number of seconds. */
    static Duration timeout(String value) {
        String text = value.strip();
        return text.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(text)) : Duration.parse(text);
    }

    /** ffmpeg failed; the message is ffmpeg's own. */
    public static class EncodingFailedException extends Exception {
        EncodingFailedException(String reason) {
            super(reason);
        }
    }
}
