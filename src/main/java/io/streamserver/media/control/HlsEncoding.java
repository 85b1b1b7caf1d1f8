package io.streamserver.media.control;

import io.streamserver.media.entity.Codec;
import io.streamserver.media.entity.EncodingSettings;
import io.streamserver.media.entity.Loudness;
import io.streamserver.media.entity.SourceAudio;

import java.nio.file.Path;

/**
 * One continuous encode of a source into HLS segments named {@code <prefix>_00001.<ext>} in a folder. The same
 * decode may also feed the loudness meter and the waveform, so that the source is decoded once.
 *
 * @param segmentSeconds the hls_time that {@link SegmentLength} chose for this source
 * @param loudnessTarget LUFS to normalise to with a second loudnorm pass over {@code measured}, or null
 * @param meter          which EBU R128 meter runs on the encoded audio, or null for none
 * @param waveform       whether the encode also writes the mono 8-bit samples that {@link Waveform} reduces to peaks
 */
public record HlsEncoding(Path source, SourceAudio audio, EncodingSettings settings, Path outputFolder,
                          String segmentPrefix, double segmentSeconds, Double loudnessTarget, Loudness measured,
                          Meter meter, boolean waveform) {

    static final String ENCODER_PLAYLIST = "encoder.m3u8";
    /** The init segment's name in the encoder's folder; it is renamed for its rendition when published. */
    public static final String INIT_SEGMENT = "init.mp4";
    /** ffmpeg's report at info level, where the meter's summary is, beside an error log that stays short. */
    static final String REPORT = "ffmpeg-report.log";

    /** The peak that the ebur128 meter reports beside integrated loudness and loudness range. */
    public enum Meter {
        /** The highest sample: the meter then adds about 13% to an AAC encode's CPU (measured on 60 s at 192k). */
        SAMPLE_PEAK("sample"),
        /** The highest 4x-oversampled value, which catches inter-sample peaks: the meter then adds about a third. */
        TRUE_PEAK("sample+true");

        final String ebur128Peak;

        Meter(String ebur128Peak) {
            this.ebur128Peak = ebur128Peak;
        }
    }

    public HlsEncoding(Path source, SourceAudio audio, EncodingSettings settings, Path outputFolder,
                       String segmentPrefix, double segmentSeconds) {
        this(source, audio, settings, outputFolder, segmentPrefix, segmentSeconds, null, null, null, false);
    }

    /** Whether the decoded audio also goes to the meter or the waveform. */
    public boolean splits() {
        return meter != null || waveform;
    }

    public Path report() {
        return outputFolder.resolve(REPORT);
    }

    public Codec codec() {
        return settings.codec();
    }

    public String segmentPattern() {
        return segmentPrefix + "_%05d." + settings.container().segmentExtension;
    }

    public Path encoderPlaylist() {
        return outputFolder.resolve(ENCODER_PLAYLIST);
    }

    /** Normalising needs a target and a first pass that found something to measure. */
    public boolean normalises() {
        return loudnessTarget != null && measured != null && measured.isMeasurable();
    }
}
