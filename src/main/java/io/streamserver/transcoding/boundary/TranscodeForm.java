package io.streamserver.transcoding.boundary;

import io.streamserver.transcoding.entity.EncodingSettings;
import io.streamserver.transcoding.entity.InvalidParameterException;
import io.streamserver.transcoding.entity.Priority;
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
record TranscodeForm(InputStream file, String trackId, EncodingSettings settings, Priority priority) {

    static final Set<String> FIELDS = Set.of("codec", "bitrate", "quality_profile", "priority", "track_id");
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
        EncodingSettings settings = EncodingSettings.of(fields.get("codec"), fields.get("bitrate"), fields.get("quality_profile"));
        Priority priority = Priority.parse(fields.get("priority"));
        String trackId = fields.get("track_id");
        trackId = trackId == null || trackId.isBlank()
                ? TranscodeJob.trackIdFromFileName(file.getFileName().orElse(null))
                : TranscodeJob.checkTrackId(trackId.strip());
        return new TranscodeForm(file.getContent(), trackId, settings, priority);
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
