package io.streamserver.transcoding.control;

import io.streamserver.transcoding.entity.Codec;
import io.streamserver.transcoding.entity.EncodingSettings;
import io.streamserver.transcoding.entity.SourceAudio;

import java.nio.file.Path;

/** One continuous encode of a source into HLS segments named {@code <prefix>_00001.<ext>} in a folder. */
public record HlsEncoding(Path source, SourceAudio audio, EncodingSettings settings, Path outputFolder,
                          String segmentPrefix, int segmentSeconds) {

    static final String ENCODER_PLAYLIST = "encoder.m3u8";
    public static final String INIT_SEGMENT = "init.mp4";

    public Codec codec() {
        return settings.codec();
    }

    public String segmentPattern() {
        return segmentPrefix + "_%05d." + codec().container().segmentExtension;
    }

    public Path encoderPlaylist() {
        return outputFolder.resolve(ENCODER_PLAYLIST);
    }
}
