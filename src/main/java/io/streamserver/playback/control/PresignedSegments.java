package io.streamserver.playback.control;

import io.streamserver.storage.control.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * STREAM_S3_PRESIGN=true: a playlist's segment and init segment URIs become presigned bucket URLs, so that players
 * fetch them from the bucket; rendition playlists stay this server's. They stay valid as long as the playlist's own
 * token, or, without one, for stream.playback.url-ttl; SigV4 caps them at 7 days.
 */
@ApplicationScoped
public class PresignedSegments {

    @Inject
    Storage storage;

    @Inject
    @ConfigProperty(name = "stream.playback.url-ttl")
    Duration urlTtl;

    /** Whether playlists point at the bucket. */
    public boolean active() {
        return storage.presigned();
    }

    /** @param tokenExpiresAt the playlist's checked token's expiry in epoch seconds, or null without one */
    public String rewrite(String jobId, String playlist, Long tokenExpiresAt, long nowSeconds) {
        Duration validFor = tokenExpiresAt == null ? urlTtl : Duration.ofSeconds(tokenExpiresAt - nowSeconds);
        return rewrite(playlist, fileName -> url(jobId, fileName, validFor));
    }

    /** Each segment line and EXT-X-MAP URI replaced by its URL; rendition playlists ({@code .m3u8}) stay. */
    static String rewrite(String playlist, UnaryOperator<String> urlOf) {
        StringBuilder out = new StringBuilder(playlist.length() * 4);
        for (String line : playlist.split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            int map = line.indexOf("URI=\"");
            if (line.startsWith("#EXT-X-MAP:") && map >= 0) {
                int from = map + "URI=\"".length();
                int end = line.indexOf('"', from);
                out.append(line, 0, from).append(urlOf.apply(line.substring(from, end))).append(line.substring(end));
            } else if (!line.isBlank() && !line.startsWith("#") && !line.strip().endsWith(".m3u8")) {
                out.append(urlOf.apply(line.strip()));
            } else {
                out.append(line);
            }
        }
        return out.toString();
    }

    private String url(String jobId, String fileName, Duration validFor) {
        return storage.presignedUrl(Storage.jobKey(jobId, fileName), validFor).toString();
    }
}
