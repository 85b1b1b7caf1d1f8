package io.streamserver.transcoding.control;

import io.streamserver.transcoding.entity.Codec;
import io.streamserver.transcoding.entity.EncodingSettings;
import io.streamserver.transcoding.entity.Loudness;
import io.streamserver.transcoding.entity.SourceAudio;

import java.nio.file.Path;

/**
 * One continuous encode of a source into HLS segments named {@code <prefix>_00001.<ext>} in a folder.
 *
 * @param segmentSeconds the hls_time that {@link SegmentLength} chose for this source
 * @param loudnessTarget LUFS to normalise to with a second loudnorm pass over {@code measured}, or null
 */
public record HlsEncoding(Path source, SourceAudio audio, EncodingSettings settings, Path outputFolder,
                          String segmentPrefix, double segmentSeconds, Double loudnessTarget, Loudness measured) {

    static final String ENCODER_PLAYLIST = "encoder.m3u8";
    /** The init segment's name in the encoder's folder; it is renamed for its rendition when published. */
    public static final String INIT_SEGMENT = "init.mp4";

    public HlsEncoding(Path source, SourceAudio audio, EncodingSettings settings, Path outputFolder,
                       String segmentPrefix, double segmentSeconds) {
        this(source, audio, settings, outputFolder, segmentPrefix, segmentSeconds, null, null);
    }

    public Codec codec() {
        return settings.codec();
    }

    public String segmentPattern() {
        return segmentPrefix + "_%05d." + codec().container().segmentExtension;
    }

    public Path encoderPlaylist() {
        return outputFolder.resolve(ENCODER_PLAYLIST);
    }

    /** Normalising needs a target and a first pass that found something to measure. */
    public boolean normalises() {
        return loudnessTarget != null && measured != null && measured.isMeasurable();
    }
}
