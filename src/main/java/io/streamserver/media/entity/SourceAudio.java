package io.streamserver.media.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.time.Duration;
import java.util.Locale;

/** What ffprobe found in an upload; the demuxer is the one ffmpeg is forced to use for it. */
@Embeddable
public class SourceAudio {

    @Column(name = "SOURCE_DEMUXER", length = 16)
    private String demuxer;

    @Column(name = "SOURCE_CODEC", length = 32)
    private String codec;

    @Column(name = "SOURCE_DURATION_S")
    private double durationSeconds;

    @Column(name = "SOURCE_SAMPLE_RATE")
    private int sampleRate;

    @Column(name = "SOURCE_CHANNELS")
    private int channels;

    /** Null where the codec has no fixed sample depth (lossy sources). */
    @Column(name = "SOURCE_BIT_DEPTH")
    private Integer bitDepth;

    protected SourceAudio() {
    }

    public SourceAudio(String demuxer, String codec, double durationSeconds, int sampleRate, int channels, Integer bitDepth) {
        if (demuxer == null || demuxer.isBlank()) {
            throw new IllegalArgumentException("a source needs the demuxer that reads it");
        }
        if (!(durationSeconds > 0)) {
            throw new IllegalArgumentException("a source needs a positive duration");
        }
        this.demuxer = demuxer;
        this.codec = codec;
        this.durationSeconds = durationSeconds;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.bitDepth = bitDepth;
    }

    /** Refuses a source longer than the server accepts (STREAM_MAX_DURATION), naming the upload's field. */
    public void checkNotLongerThan(Duration longest) {
        if (durationSeconds * 1000 > longest.toMillis()) {
            throw new InvalidParameterException("file", String.format(Locale.ROOT,
                    "lasts %.1f s; the longest source accepted is %d s (STREAM_MAX_DURATION)",
                    durationSeconds, longest.toSeconds()));
        }
    }

    public String demuxer() {
        return demuxer;
    }

    public String codec() {
        return codec;
    }

    public double durationSeconds() {
        return durationSeconds;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channels() {
        return channels;
    }

    public Integer bitDepth() {
        return bitDepth;
    }
}
