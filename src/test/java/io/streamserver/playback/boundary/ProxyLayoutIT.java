package io.streamserver.playback.boundary;

import io.streamserver.Deployments;
import io.streamserver.NginxProxy;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production layout of docs/proxy.md: nginx in front, with exactly the documented configuration, takes the
 * upload, passes the API through and caches the playlists and segments of a finished job, keyed by their whole URL.
 */
@ExtendWith(ArquillianExtension.class)
class ProxyLayoutIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.server();
    }

    @Test
    void aFinishedJobPlaysThroughTheProxyWhichServesItsFilesAgainFromItsCache() throws IOException {
        try (NginxProxy nginx = NginxProxy.inFrontOf(base, Path.of("target", "proxy-layout-" + System.nanoTime()).toAbsolutePath())) {
            StreamApi proxied = new StreamApi(nginx.url());
            StreamApi direct = new StreamApi(base);
            String job = proxied.submitted(TestAudio.sineWav("proxy-layout-13s.wav", 13, 44_100, 2));
            assertEquals("Completed", proxied.awaitFinal(job).getString("status"));

            String playlist = "v1/stream/hls/" + job + "/index.m3u8";
            // a player, through the proxy: the playlist, then every segment
            TestAudio.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", proxied.uri(playlist).toString(), "-f", "null", "-"));

            String segment = "v1/stream/hls/" + job + "/segment_00002.ts";
            HttpResponse<byte[]> again = get(proxied, segment, null);
            assertEquals(200, again.statusCode());
            assertEquals("HIT", cacheStatus(again), "the player fetched it first: " + again.headers());
            assertArrayEquals(get(direct, segment, null).body(), again.body());
            assertTrue(again.headers().firstValue("Cache-Control").orElse("").contains("immutable"), again.headers().toString());

            HttpResponse<byte[]> part = get(proxied, segment, "bytes=100-299");
            assertEquals(206, part.statusCode());
            assertEquals("HIT", cacheStatus(part), "ranges are cut from the cached file");
            assertArrayEquals(Arrays.copyOfRange(again.body(), 100, 300), part.body());

            get(proxied, playlist, null); // ffmpeg may have sent other headers that the playlist varies by
            assertEquals("HIT", cacheStatus(get(proxied, playlist, null)), "a finished job's playlist is cached too");

            // a browser's player, after the cached answer without Origin, still gets its CORS header
            HttpResponse<byte[]> fromPage = proxied.send(HttpRequest.newBuilder(proxied.uri(segment)).header("Origin", "http://localhost:3000"),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("http://localhost:3000", fromPage.headers().firstValue("Access-Control-Allow-Origin").orElse(""),
                    fromPage.headers().toString());

            // the query string, where a signed URL's token goes, is part of the key: another one asks the server
            assertEquals("MISS", cacheStatus(get(proxied, segment + "?token=another", null)));
            assertEquals("HIT", cacheStatus(get(proxied, segment + "?token=another", null)));

            // neither errors nor the API are kept
            String missing = "v1/stream/hls/" + job + "/segment_09999.ts";
            assertEquals(404, get(proxied, missing, null).statusCode());
            HttpResponse<byte[]> missingAgain = get(proxied, missing, null);
            assertEquals(404, missingAgain.statusCode());
            assertEquals("MISS", cacheStatus(missingAgain));
            HttpResponse<String> status = proxied.get("v1/stream/job/" + job);
            assertEquals(200, status.statusCode());
            assertTrue(status.headers().firstValue("X-Cache-Status").isEmpty(), status.headers().toString());
        }
    }

    private static HttpResponse<byte[]> get(StreamApi api, String path, String range) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path));
        if (range != null) {
            request.header("Range", range);
        }
        return api.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String cacheStatus(HttpResponse<?> response) {
        return response.headers().firstValue("X-Cache-Status").orElse("(none)");
    }
}
