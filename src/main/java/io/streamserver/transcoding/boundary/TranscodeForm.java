package io.streamserver.transcoding.boundary;

import io.streamserver.transcoding.entity.EncodingSettings;
import io.streamserver.transcoding.entity.InvalidParameterException;
import io.streamserver.transcoding.entity.Loudness;
import io.streamserver.transcoding.entity.Priority;
import io.streamserver.transcoding.entity.Rendition;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.ws.rs.core.EntityPart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transcode form, validated: every parameter is checked before the file is read,
 * and each refusal names the field.
 */
record TranscodeForm(InputStream file, String trackId, EncodingSettings settings, List<Rendition> ladder,
                     Double loudnessTarget, Priority priority) {

    static final Set<String> FIELDS = Set.of("codec", "bitrate", "quality_profile", "priority", "track_id",
            "renditions", "loudness_target");
    private static final int MAX_FIELD_LENGTH = 256;

    static TranscodeForm of(List<EntityPart> parts) {
        EntityPart file = null;
        Map<String, String> fields = new HashMap<>();
        for (EntityPart part : parts) {
            String name = part.getName();
            if ("file".equals(name)) {
                if (file != null) {
                    throw new InvalidParameterException("file", "exactly one file is accepted");
                }
                file = part;
            } else if (FIELDS.contains(name)) {
                if (fields.put(name, text(part)) != null) {
                    throw new InvalidParameterException(name, "is given more than once");
                }
            }
        }
        if (file == null) {
            throw new InvalidParameterException("file", "is required: send the audio as the multipart field 'file'");
        }
        List<Rendition> ladder = ladder(fields);
        EncodingSettings settings = ladder.isEmpty()
                ? EncodingSettings.of(fields.get("codec"), fields.get("bitrate"), fields.get("quality_profile"))
                : ladder.get(0).settings();
        Double loudnessTarget = Loudness.parseTarget(fields.get("loudness_target"));
        Priority priority = Priority.parse(fields.get("priority"));
        String trackId = fields.get("track_id");
        trackId = trackId == null || trackId.isBlank()
                ? TranscodeJob.trackIdFromFileName(file.getFileName().orElse(null))
                : TranscodeJob.checkTrackId(trackId.strip());
        return new TranscodeForm(file.getContent(), trackId, settings, ladder, loudnessTarget, priority);
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

    private static String text(EntityPart part) {
        try (InputStream in = part.getContent()) {
            byte[] bytes = in.readNBytes(MAX_FIELD_LENGTH + 1);
            if (bytes.length > MAX_FIELD_LENGTH) {
                throw new InvalidParameterException(part.getName(), "is too long");
            }
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
