package io.streamserver.media.entity;

import java.util.Locale;
import java.util.Set;

/**
 * The output codecs, each with the HLS container it goes to when the request names none: MPEG-TS cannot carry FLAC
 * and hls.js cannot play Opus in TS, so those two only go to fragmented MP4. Chromium's Media Source Extensions take
 * MP3 as a bare stream (audio/mpeg) or demuxed from TS, never in MP4, so MP3 stays in MPEG-TS.
 */
public enum Codec {
    AAC(Container.MPEG_TS, "mp4a.40.2"),
    MP3(Container.MPEG_TS, "mp4a.40.34"),
    OPUS(Container.FRAGMENTED_MP4, "Opus"),
    FLAC(Container.FRAGMENTED_MP4, "fLaC");

    /** The MPEG-1 Layer III bitrates that LAME accepts, in kbit/s. */
    private static final Set<Integer> MP3_KBPS = Set.of(32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320);

    /** The HLS segment formats, by the names of the form's {@code container} field. */
    public enum Container {
        MPEG_TS("ts", "ts", "video/mp2t"), FRAGMENTED_MP4("cmaf", "m4s", "audio/mp4");

        public final String apiName;
        public final String segmentExtension;
        public final String mediaType;

        Container(String apiName, String segmentExtension, String mediaType) {
            this.apiName = apiName;
            this.segmentExtension = segmentExtension;
            this.mediaType = mediaType;
        }

        /** The form's container field; null when absent, so that each codec keeps its own default. */
        public static Container parse(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            String name = value.strip().toLowerCase(Locale.ROOT);
            for (Container container : values()) {
                if (container.apiName.equals(name)) {
                    return container;
                }
            }
            throw new InvalidParameterException("container", "must be ts or cmaf");
        }
    }

    private final Container container;
    private final String hlsCodecs;

    Codec(Container container, String hlsCodecs) {
        this.container = container;
        this.hlsCodecs = hlsCodecs;
    }

    public static Codec parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("codec", "must be one of aac, mp3, opus, flac");
        }
    }

    /** The container of a job that names none: the seed's MPEG-TS for AAC and MP3. */
    public Container defaultContainer() {
        return container;
    }

    /** Refuses a container that this codec does not go into, saying which it takes. */
    public Container checkContainer(Container requested) {
        if (requested == null) {
            return container;
        }
        if (requested != container && this != AAC) {
            throw new InvalidParameterException("container", switch (this) {
                case MP3 -> "mp3 is packaged in ts only: Chromium's Media Source Extensions cannot play MP3 in "
                        + "fragmented MP4; use aac for cmaf";
                case OPUS, FLAC -> apiName() + " is packaged in cmaf (fragmented MP4) only";
                case AAC -> throw new IllegalStateException();
            });
        }
        return requested;
    }

    /** The RFC 6381 string that master playlists put in CODECS. */
    public String hlsCodecs() {
        return hlsCodecs;
    }

    public boolean isLossless() {
        return this == FLAC;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Refuses a bitrate (bit/s) that this codec's encoder cannot produce, saying what it can. */
    public int checkBitrate(int bitsPerSecond) {
        boolean valid = switch (this) {
            case AAC -> bitsPerSecond >= 32_000 && bitsPerSecond <= 512_000;
            case MP3 -> bitsPerSecond % 1000 == 0 && MP3_KBPS.contains(bitsPerSecond / 1000);
            case OPUS -> bitsPerSecond >= 6_000 && bitsPerSecond <= 510_000;
            case FLAC -> false;
        };
        if (!valid) {
            throw new InvalidParameterException("bitrate", switch (this) {
                case AAC -> "aac takes 32000 to 512000 bit/s";
                case MP3 -> "mp3 takes one of 32000, 40000, 48000, 56000, 64000, 80000, 96000, 112000, 128000, "
                        + "160000, 192000, 224000, 256000, 320000 bit/s";
                case OPUS -> "opus takes 6000 to 510000 bit/s";
                case FLAC -> "flac is lossless and takes no bitrate";
            });
        }
        return bitsPerSecond;
    }
}
