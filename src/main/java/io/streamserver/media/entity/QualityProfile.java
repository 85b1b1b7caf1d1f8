package io.streamserver.media.entity;

import java.util.Locale;

/** The quality presets: a bitrate for each lossy codec, and the resolution that lossless FLAC keeps. */
public enum QualityProfile {
    //         aac      mp3      opus     flac max rate, max bits
    HI_RES(320_000, 320_000, 256_000, 192_000, 24),
    HIGH(256_000, 320_000, 192_000, 48_000, 16),
    MEDIUM(128_000, 192_000, 128_000, 44_100, 16),
    LOW(64_000, 96_000, 48_000, 44_100, 16);

    private final int aac;
    private final int mp3;
    private final int opus;
    private final int flacMaxSampleRate;
    private final int flacMaxBitDepth;

    QualityProfile(int aac, int mp3, int opus, int flacMaxSampleRate, int flacMaxBitDepth) {
        this.aac = aac;
        this.mp3 = mp3;
        this.opus = opus;
        this.flacMaxSampleRate = flacMaxSampleRate;
        this.flacMaxBitDepth = flacMaxBitDepth;
    }

    public static QualityProfile parse(String value) {
        if (value == null || value.isBlank()) {
            return HIGH;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("quality_profile", "must be one of hi_res, high, medium, low");
        }
    }

    /** The profile's bitrate for a lossy codec, or null for FLAC. */
    public Integer bitrate(Codec codec) {
        return switch (codec) {
            case AAC -> aac;
            case MP3 -> mp3;
            case OPUS -> opus;
            case FLAC -> null;
        };
    }

    public int flacMaxSampleRate() {
        return flacMaxSampleRate;
    }

    public int flacMaxBitDepth() {
        return flacMaxBitDepth;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
