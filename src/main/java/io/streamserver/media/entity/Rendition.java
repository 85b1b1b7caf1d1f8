package io.streamserver.media.entity;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One output of a job: a codec at a profile, encoded on its own into flat-named files beside the others
 * ({@code high.m3u8}, {@code high_00001.ts}). A job without a ladder has one rendition, named {@code segment},
 * whose files keep the seed's names ({@code index.m3u8}, {@code segment_00001.ts}, {@code init.mp4}).
 */
@Embeddable
public class Rendition {

    public static final String SINGLE = "segment";
    /** Every name a ladder's rendition may have: its profile ({@code high}), or its codec and profile ({@code aac_high}). */
    public static final String LADDER_NAMES = "((" + names(Codec.values(), Codec::apiName) + ")_)?("
            + names(QualityProfile.values(), QualityProfile::apiName) + ")";
    static final int MAX_RUNGS = 6;

    @Column(name = "NAME", length = 16)
    private String name;

    /** JOB_RENDITION's own columns, so that they stay put whatever TRANSCODE_JOB's embedded settings are called. */
    @Embedded
    @AttributeOverrides({
            @AttributeOverride(name = "codec", column = @Column(name = "CODEC", length = 8)),
            @AttributeOverride(name = "profile", column = @Column(name = "QUALITY_PROFILE", length = 8)),
            @AttributeOverride(name = "bitrate", column = @Column(name = "BITRATE")),
            @AttributeOverride(name = "container", column = @Column(name = "CONTAINER", length = 16))})
    private EncodingSettings settings;

    protected Rendition() {
    }

    Rendition(String name, EncodingSettings settings) {
        this.name = Objects.requireNonNull(name);
        this.settings = Objects.requireNonNull(settings);
    }

    public static Rendition single(EncodingSettings settings) {
        return new Rendition(SINGLE, settings);
    }

    /**
     * Parses the renditions form field: comma-separated profiles ({@code low,medium,high}), each optionally
     * with its codec ({@code aac:high,flac:hi_res}); a rung without a codec takes the form's codec, or AAC.
     * Apple requires an AAC rung in any ladder that has another codec.
     */
    public static List<Rendition> parseLadder(String value, String codecValue) {
        Codec defaultCodec = codecValue == null || codecValue.isBlank() ? Codec.AAC : Codec.parse(codecValue);
        List<Rendition> ladder = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String token : value.split(",", -1)) {
            String rung = token.strip().toLowerCase(Locale.ROOT);
            int colon = rung.indexOf(':');
            Codec codec;
            String profileValue;
            if (colon >= 0) {
                codec = parseCodec(rung.substring(0, colon));
                profileValue = rung.substring(colon + 1);
            } else {
                codec = defaultCodec;
                profileValue = rung;
            }
            if (profileValue.isBlank()) {
                throw invalid("each rendition is a profile (hi_res, high, medium, low), optionally as codec:profile");
            }
            QualityProfile profile;
            try {
                profile = QualityProfile.parse(profileValue);
            } catch (InvalidParameterException e) {
                throw invalid("each rendition is a profile (hi_res, high, medium, low), optionally as codec:profile");
            }
            String name = colon >= 0 ? codec.apiName() + "_" + profile.apiName() : profile.apiName();
            if (!names.add(name)) {
                throw invalid("'" + name + "' is given more than once");
            }
            ladder.add(new Rendition(name, new EncodingSettings(codec, profile, profile.bitrate(codec))));
        }
        if (ladder.size() > MAX_RUNGS) {
            throw invalid("at most " + MAX_RUNGS + " renditions");
        }
        if (ladder.stream().anyMatch(r -> r.settings.codec() != Codec.AAC)
                && ladder.stream().noneMatch(r -> r.settings.codec() == Codec.AAC)) {
            throw invalid("a ladder with mp3, opus or flac needs an aac rendition too, as Apple requires");
        }
        return ladder;
    }

    private static Codec parseCodec(String value) {
        try {
            return Codec.parse(value);
        } catch (InvalidParameterException e) {
            throw invalid("the codec before ':' must be one of aac, mp3, opus, flac");
        }
    }

    private static InvalidParameterException invalid(String problem) {
        return new InvalidParameterException("renditions", problem);
    }

    public String name() {
        return name;
    }

    public EncodingSettings settings() {
        return settings;
    }

    /** The same rendition in the job's container (null: its codec's default); one container serves every rung. */
    public Rendition packagedIn(Codec.Container container) {
        return new Rendition(name, settings.packagedIn(container));
    }

    public Codec.Container container() {
        return settings.container();
    }

    public boolean isSingle() {
        return SINGLE.equals(name);
    }

    /** Segment files are {@code <prefix>_00001.<ext>}. */
    public String segmentPrefix() {
        return name;
    }

    /** The fMP4 init segment's file name. */
    public String initSegment() {
        return initSegment(name);
    }

    /** The fMP4 init segment's file name for the rendition of that name, for who has only the name. */
    public static String initSegment(String renditionName) {
        return SINGLE.equals(renditionName) ? "init.mp4" : renditionName + "_init.mp4";
    }

    /** The media playlist's name: index.m3u8 for a single rendition, else beside the master playlist. */
    public String playlist() {
        return isSingle() ? "index.m3u8" : name + ".m3u8";
    }

    private static <T> String names(T[] values, Function<T, String> name) {
        return Arrays.stream(values).map(name).collect(Collectors.joining("|"));
    }
}
