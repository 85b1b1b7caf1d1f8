package io.streamserver.intake.boundary;

import io.streamserver.ServerProcess;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The settings that shape a job's output are those of its submission: a job submitted under 2-second segments,
 * failed, and retried after the server came back with 10-second segments, is cut into 2-second segments still.
 */
class SettingsAtSubmissionIT {

    @Test
    void aRetryAfterAConfigurationChangeCutsAsTheSubmissionSaid() throws Exception {
        Path root = Files.createDirectories(Path.of(System.getProperty("stream.test-dir", "target/it"),
                "settings-" + UUID.randomUUID())).toAbsolutePath();
        Path data = Files.createDirectories(root.resolve("data"));
        // ffmpeg that decodes (the upload's check) but cannot encode, so that the job fails and waits for a retry
        Path failingFfmpeg = Files.writeString(root.resolve("ffmpeg"), """
                #!/bin/bash
                case " $* " in *" -f hls "*) echo "no encoder today" >&2; exit 1;; esac
                exec /usr/bin/ffmpeg "$@"
                """, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(failingFfmpeg, PosixFilePermissions.fromString("rwxr-xr-x"));
        String jobId;
        try (ServerProcess first = new ServerProcess(data, Map.of("STREAM_SEGMENT_SECONDS", "2",
                "FFMPEG_PATH", failingFfmpeg.toString())).start()) {
            StreamApi api = new StreamApi(first.url());
            jobId = api.submitted(TestAudio.sineWav("sine-12s.wav", 12, 44_100, 2));
            assertEquals("Failed", api.awaitFinal(jobId).getString("status"));
            first.stop(); // as an operator restarts it with new settings
        }
        try (ServerProcess second = new ServerProcess(data, Map.of("STREAM_SEGMENT_SECONDS", "10")).start()) {
            StreamApi api = new StreamApi(second.url());
            HttpResponse<String> retried = api.send(HttpRequest.newBuilder(api.uri("v1/stream/job/" + jobId + "/retry"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, retried.statusCode(), retried.body());
            assertEquals("Completed", api.awaitFinal(jobId).getString("status"));

            String playlist = api.get("v1/stream/hls/" + jobId + "/index.m3u8").body();
            // 12 s in 2 s segments; 10 s ones would make two
            assertEquals(6, playlist.lines().filter(line -> line.startsWith("#EXTINF:")).count(), playlist);
        }
    }
}
