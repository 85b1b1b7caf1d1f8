package io.streamserver.media.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import java.util.Objects;

/** What the output should be: codec, profile, the bitrate they resolve to, and the HLS container. */
@Embeddable
public class EncodingSettings {

    @Enumerated(EnumType.STRING)
    @Column(name = "CODEC", length = 8)
    private Codec codec;

    @Enumerated(EnumType.STRING)
    @Column(name = "QUALITY_PROFILE", length = 8)
    private QualityProfile profile;

    /** bit/s; null for lossless output. */
    @Column(name = "BITRATE")
    private Integer bitrate;

    /** The container the request chose; null in rows from before the choice existed, which had the codec's default. */
    @Enumerated(EnumType.STRING)
    @Column(name = "CONTAINER", length = 16)
    private Codec.Container container;

    protected EncodingSettings() {
    }

    EncodingSettings(Codec codec, QualityProfile profile, Integer bitrate) {
        this(codec, profile, bitrate, codec.defaultContainer());
    }

    private EncodingSettings(Codec codec, QualityProfile profile, Integer bitrate, Codec.Container container) {
        this.codec = Objects.requireNonNull(codec);
        this.profile = Objects.requireNonNull(profile);
        this.bitrate = bitrate;
        this.container = codec.checkContainer(container);
    }

    /** The same settings in the container the request named, or in the codec's default when it named none (null). */
    public EncodingSettings packagedIn(Codec.Container requested) {
        return new EncodingSettings(codec, profile, bitrate, requested);
    }

    /**
     * Resolves the form's optional codec, bitrate and quality_profile values.
     * No codec means AAC, except that hi_res alone means FLAC; an explicit bitrate overrides the profile's.
     */
    public static EncodingSettings of(String codecValue, String bitrateValue, String profileValue) {
        QualityProfile profile = QualityProfile.parse(profileValue);
        Codec codec = isBlank(codecValue)
                ? (profile == QualityProfile.HI_RES ? Codec.FLAC : Codec.AAC)
                : Codec.parse(codecValue);
        if (isBlank(bitrateValue)) {
            return new EncodingSettings(codec, profile, profile.bitrate(codec));
        }
        return new EncodingSettings(codec, profile, codec.checkBitrate(parseBitrate(bitrateValue)));
    }

    /** Accepts bit/s as the seed documents it ("192000"), and the common "192k" shorthand. */
    static int parseBitrate(String value) {
        String text = value.trim().toLowerCase();
        int factor = 1;
        if (text.endsWith("k")) {
            factor = 1000;
            text = text.substring(0, text.length() - 1);
        }
        try {
            long bits = Math.multiplyExact(Long.parseLong(text), factor);
            if (bits <= 0 || bits > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) bits;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidParameterException("bitrate", "must be a positive number of bits per second, such as 192000");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    public Codec codec() {
        return codec;
    }

    public QualityProfile profile() {
        return profile;
    }

    public Integer bitrate() {
        return bitrate;
    }

    /** The one place that says which container the output is in; DASH and downloads read it too. */
    public Codec.Container container() {
        return container == null ? codec.defaultContainer() : container;
    }

    public boolean isFragmented() {
        return container() == Codec.Container.FRAGMENTED_MP4;
    }

    /** The sample rate FLAC output keeps: the source's, capped by the profile. */
    public int flacSampleRate(int sourceSampleRate) {
        return Math.min(sourceSampleRate, profile.flacMaxSampleRate());
    }

    /** The bit depth FLAC output keeps: the source's (16 when unknown), capped by the profile. */
    public int flacBitDepth(Integer sourceBitDepth) {
        int source = sourceBitDepth == null || sourceBitDepth <= 0 ? 16 : sourceBitDepth;
        return Math.min(source > 16 ? 24 : 16, profile.flacMaxBitDepth());
    }
}
