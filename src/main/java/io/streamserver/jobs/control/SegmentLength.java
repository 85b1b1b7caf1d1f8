package io.streamserver.jobs.control;

import io.streamserver.jobs.entity.TranscodeJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The target HLS segment length (STREAM_SEGMENT_SECONDS, 2 to 10 s, checked when the application starts),
 * and the length each encode actually asks ffmpeg for so that no tail segment is tiny.
 */
@ApplicationScoped
public class SegmentLength {

    static final int MIN_SECONDS = 2;
    static final int MAX_SECONDS = 10;
    /** A last segment shorter than this is folded into the ones before it. */
    static final double MIN_TAIL_SECONDS = 1.0;
    /** How far past the source's end the last boundary is put, beyond the encoder's priming and padding. */
    static final double END_MARGIN_SECONDS = 0.5;

    @Inject
    @ConfigProperty(name = "stream.segment-seconds")
    int targetSeconds;

    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        check(targetSeconds);
    }

    static int check(int seconds) {
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
            throw new IllegalStateException("stream.segment-seconds (STREAM_SEGMENT_SECONDS) must be "
                    + MIN_SECONDS + " to " + MAX_SECONDS + ", not " + seconds);
        }
        return seconds;
    }

    public int targetSeconds() {
        return check(targetSeconds);
    }

    /** The hls_time for a job: from the target recorded at its submission, else (older rows) the configured one. */
    public double forJob(TranscodeJob job) {
        return forSource(targetFor(job), job.source().durationSeconds());
    }

    /** The target recorded with the job, so that a retry after a configuration change cuts as the first run did. */
    public int targetFor(TranscodeJob job) {
        return job.segmentSeconds() == null ? targetSeconds() : job.segmentSeconds();
    }

    /**
     * ffmpeg cuts at the first frame at or after each multiple of hls_time, so a source a little longer than
     * a multiple of the target (or the encoder's priming on an exact multiple) leaves a tiny last segment.
     * Then the k whole segments are stretched to share the source, with the k-th boundary past its end:
     * each is at most 1.5/k s longer than the target, and the last is at least target - 0.5 s.
     */
    static double forSource(int targetSeconds, double sourceSeconds) {
        int whole = (int) Math.floor(sourceSeconds / targetSeconds);
        double tail = sourceSeconds - whole * (double) targetSeconds;
        if (whole == 0 || tail >= MIN_TAIL_SECONDS) {
            return targetSeconds;
        }
        return Math.ceil((sourceSeconds + END_MARGIN_SECONDS) / whole * 1000) / 1000;
    }
}
