package io.streamserver.security.control;

import io.streamserver.platform.control.Uuids;

/**
 * Where a job's output is played and fetched: its HLS playlist, its DASH manifest and its whole-file download, each
 * with the same playback token when authentication is on, so that one token opens all three.
 */
public record PlaybackUrls(String hls, String dash, String download) {

    /** @param token the job's signed playback token, or null when authentication is off */
    static PlaybackUrls of(String jobId, String token) {
        String id = Uuids.canonical(jobId);
        String query = token == null ? "" : "?" + PlaybackTokens.PARAMETER + "=" + token;
        return new PlaybackUrls("/v1/stream/hls/" + id + "/index.m3u8" + query,
                "/v1/stream/hls/" + id + "/manifest.mpd" + query,
                "/v1/stream/job/" + id + "/download" + query);
    }
}
