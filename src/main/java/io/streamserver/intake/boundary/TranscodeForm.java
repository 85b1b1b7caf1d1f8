package io.streamserver.intake.boundary;

import io.streamserver.intake.control.MultipartReader.Part;
import io.streamserver.intake.control.MultipartReader;
import io.streamserver.intake.control.RequestFingerprint;
import io.streamserver.intake.control.Uploads;
import io.streamserver.jobs.entity.Priority;
import io.streamserver.jobs.entity.TrackId;
import io.streamserver.media.entity.Codec;
import io.streamserver.media.entity.EncodingSettings;
import io.streamserver.media.entity.InvalidParameterException;
import io.streamserver.media.entity.Loudness;
import io.streamserver.media.entity.Rendition;
import io.streamserver.platform.control.OutboundUrls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The transcode form, read as it streams in: the file is stored when its part comes, the fields may come before or
 * after it, every field is checked once the form has ended, each refusal names the field, and a refused form leaves
 * no file behind.
 */
record TranscodeForm(Path upload, String trackId, EncodingSettings settings, List<Rendition> ladder,
                     Double loudnessTarget, Priority priority, String callbackUrl, String fingerprint) {

    static final Set<String> FIELDS = Set.of("codec", "bitrate", "quality_profile", "priority", "track_id",
            "renditions", "loudness_target", "callback_url", "container");
    private static final int MAX_FIELD_LENGTH = 256;
    private static final Map<String, Integer> LONGER_FIELDS = Map.of("callback_url", OutboundUrls.MAX_LENGTH);

    static TranscodeForm read(MultipartReader form, Uploads uploads) {
        return read(form, uploads, null);
    }

    /** The form, with its request's fingerprint when one is given to take it (for an Idempotency-Key). */
    static TranscodeForm read(MultipartReader form, Uploads uploads, RequestFingerprint fingerprint) {
        Path upload = null;
        try {
            String fileName = null;
            Map<String, String> fields = new HashMap<>();
            for (Optional<Part> next = form.next(); next.isPresent(); next = form.next()) {
                Part part = next.get();
                String name = part.name();
                if ("file".equals(name)) {
                    if (upload != null) {
                        throw new InvalidParameterException("file", "exactly one file is accepted");
                    }
                    upload = uploads.store(fingerprint == null ? part.content() : fingerprint.digesting(part.content()));
                    fileName = part.fileName().orElse(null);
                } else if (FIELDS.contains(name)) {
                    if (fields.put(name, text(part)) != null) {
                        throw new InvalidParameterException(name, "is given more than once");
                    }
                }
            }
            if (upload == null) {
                throw new InvalidParameterException("file", "is required: send the audio as the multipart field 'file'");
            }
            TranscodeForm read = of(upload, fileName, fields);
            return fingerprint == null ? read : read.fingerprintedBy(fingerprint);
        } catch (IOException e) {
            if (upload != null) {
                uploads.delete(upload);
            }
            throw new UncheckedIOException("cannot read an upload form", e);
        } catch (RuntimeException e) {
            if (upload != null) {
                uploads.delete(upload);
            }
            throw e;
        }
    }

    private static TranscodeForm of(Path upload, String fileName, Map<String, String> fields) {
        // one container for every rung; without one, each codec keeps its default
        Codec.Container container = Codec.Container.parse(fields.get("container"));
        List<Rendition> ladder = ladder(fields).stream().map(r -> r.packagedIn(container)).toList();
        EncodingSettings settings = ladder.isEmpty()
                ? EncodingSettings.of(fields.get("codec"), fields.get("bitrate"), fields.get("quality_profile"))
                        .packagedIn(container)
                : ladder.get(0).settings();
        Double loudnessTarget = Loudness.parseTarget(fields.get("loudness_target"));
        Priority priority = Priority.parse(fields.get("priority"));
        String trackId = fields.get("track_id");
        trackId = trackId == null || trackId.isBlank()
                ? TrackId.fromFileName(fileName).value()
                : new TrackId(trackId.strip()).value();
        String callbackUrl = fields.get("callback_url");
        if (callbackUrl != null) {
            try {
                callbackUrl = OutboundUrls.wellFormed(callbackUrl).toString();
            } catch (OutboundUrls.RefusedUrlException e) {
                throw new InvalidParameterException("callback_url", e.getMessage());
            }
        }
        return new TranscodeForm(upload, trackId, settings, ladder, loudnessTarget, priority, callbackUrl, null);
    }

    /**
     * The fields as the job takes them, so that a repeat that spells them differently (a default written out, a
     * track id equal to the file's name) is the same request.
     */
    Map<String, String> normalisedFields() {
        Map<String, String> fields = new TreeMap<>();
        fields.put("track_id", trackId);
        fields.put("renditions", renditions().stream()
                .map(r -> r.name() + ":" + r.settings().codec().apiName() + ":" + r.settings().profile() + ":"
                        + r.settings().bitrate()
                        // only a container other than the codec's own, so that keys stored before it keep matching
                        + (r.container() == r.settings().codec().defaultContainer() ? "" : ":" + r.container().apiName))
                .collect(Collectors.joining(",")));
        fields.put("loudness_target", loudnessTarget == null ? "" : loudnessTarget.toString());
        fields.put("priority", priority.name());
        fields.put("callback_url", callbackUrl == null ? "" : callbackUrl);
        return fields;
    }

    private List<Rendition> renditions() {
        return ladder.isEmpty() ? List.of(Rendition.single(settings)) : ladder;
    }

    private TranscodeForm fingerprintedBy(RequestFingerprint fingerprint) {
        return new TranscodeForm(upload, trackId, settings, ladder, loudnessTarget, priority, callbackUrl,
                fingerprint.of(normalisedFields()));
    }

    /** The renditions field names every rung's profile, so a ladder takes no single bitrate or profile. */
    private static List<Rendition> ladder(Map<String, String> fields) {
        String renditions = fields.get("renditions");
        if (renditions == null || renditions.isBlank()) {
            return List.of();
        }
        for (String single : List.of("bitrate", "quality_profile")) {
            String value = fields.get(single);
            if (value != null && !value.isBlank()) {
                throw new InvalidParameterException(single, "cannot be combined with renditions, which name each rung's profile");
            }
        }
        return Rendition.parseLadder(renditions, fields.get("codec"));
    }

    private static String text(Part part) throws IOException {
        int max = LONGER_FIELDS.getOrDefault(part.name(), MAX_FIELD_LENGTH);
        byte[] bytes = part.content().readNBytes(max + 1);
        if (bytes.length > max) {
            throw new InvalidParameterException(part.name(), "is too long");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
