package io.streamserver.security.control;

import io.streamserver.platform.control.GeneratedSecrets;
import io.streamserver.platform.control.Uuids;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed, expiring playback tokens for players that cannot send an Authorization header (Safari, ffmpeg):
 * HMAC-SHA256 over the job id and the expiry, carried as ?token=expiry.signature on the playlist and every URI in it.
 */
@ApplicationScoped
public class PlaybackTokens {

    public static final String PARAMETER = "token";
    /** The request attribute under which the playback filter leaves a checked token, for the playlist to carry on. */
    public static final String CHECKED = PlaybackTokens.class.getName() + ".checked";
    /** The generated key's name, after the data directory's file that held it before. */
    static final String KEY_FILE = "playback-signing.key";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 32;

    @Inject
    GeneratedSecrets generated;

    @Inject
    @ConfigProperty(name = "stream.playback.signing-key")
    Optional<String> configuredKey;

    @Inject
    @ConfigProperty(name = "stream.playback.url-ttl")
    Duration ttl;

    @Inject
    Callers callers;

    private byte[] key;
    Clock clock = Clock.systemUTC();

    PlaybackTokens() {
    }

    /** For unit tests: a fixed key, TTL and clock. */
    PlaybackTokens(byte[] key, Duration ttl, Clock clock) {
        this.key = key.clone();
        this.ttl = ttl;
        this.clock = clock;
    }

    @PostConstruct
    void loadKey() {
        key = configuredKey.filter(k -> !k.isBlank())
                .map(k -> k.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> generated.secret(KEY_FILE, MIN_KEY_BYTES));
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("STREAM_PLAYBACK_SIGNING_KEY must be at least " + MIN_KEY_BYTES + " bytes long");
        }
    }

    /** The URLs that the job API hands out: signed, with one token, when authentication is on; plain otherwise. */
    public PlaybackUrls urls(String jobId) {
        return PlaybackUrls.of(jobId, callers.enabled() ? sign(jobId) : null);
    }

    /**
     * The expiry is the TTL from now rounded up to a window of a tenth of the TTL, so that a job's hls_url stays the
     * same for that long: the events stream, which sends a job whenever its JSON changes, does not send it anew every
     * tick for a fresh signature alone. A token is valid for at least the TTL and at most a tenth longer.
     */
    public String sign(String jobId) {
        long window = Math.max(1, ttl.toSeconds() / 10);
        long earliest = Instant.now(clock).plus(ttl).getEpochSecond();
        long expiry = (earliest + window - 1) / window * window;
        return expiry + "." + signature(jobId, expiry);
    }

    /** Whether the token was signed by us for this job and has not expired. */
    public boolean valid(String jobId, String token) {
        if (token == null || jobId == null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long expiry;
        try {
            expiry = Long.parseLong(token.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] expected = signature(jobId, expiry).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) && Instant.now(clock).getEpochSecond() <= expiry;
    }

    private String signature(String jobId, long expiry) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            byte[] digest = mac.doFinal((jobId.toLowerCase(java.util.Locale.ROOT) + "." + expiry)
                    .getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        }
    }

    /** When a token that {@link #valid} accepted expires, in epoch seconds: a cache must not keep its answers longer. */
    public static long expiresAt(String checkedToken) {
        return Long.parseLong(checkedToken.substring(0, checkedToken.indexOf('.')));
    }

    /**
     * Carries the token into every relative URI of a playlist: segment lines, EXT-X-MAP and EXT-X-MEDIA URIs,
     * and the rendition playlists of a master playlist. Absolute URIs are left alone, so the token never leaves.
     */
    public static String propagate(String playlist, String token) {
        StringBuilder out = new StringBuilder(playlist.length() + 64);
        for (String line : playlist.split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            String rest = line.substring(text.length());
            if (text.startsWith("#")) {
                out.append(withTokenInUriAttribute(text, token));
            } else if (!text.isBlank()) {
                out.append(withToken(text.strip(), token));
            } else {
                out.append(text);
            }
            out.append(rest);
        }
        return out.toString();
    }

    private static String withTokenInUriAttribute(String tag, String token) {
        int start = tag.indexOf("URI=\"");
        if (start < 0) {
            return tag;
        }
        int from = start + "URI=\"".length();
        int end = tag.indexOf('"', from);
        if (end < 0) {
            return tag;
        }
        return tag.substring(0, from) + withToken(tag.substring(from, end), token) + tag.substring(end);
    }

    private static String withToken(String uri, String token) {
        if (uri.contains(":") || uri.startsWith("/")) {
            return uri;
        }
        return uri + (uri.contains("?") ? "&" : "?") + PARAMETER + "=" + token;
    }
}
