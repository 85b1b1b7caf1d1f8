package io.streamserver.intake.boundary;

import io.streamserver.DataFolder;
import io.streamserver.Deployments;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uploads posted all at once are checked one at a time here, with one more waiting in line: the others are turned
 * away at once with 503 and Retry-After, and every upload that was accepted becomes a job that completes. Its own
 * server, since the slots are global.
 */
@ExtendWith(ArquillianExtension.class)
class UploadChecksIT {

    private static final int UPLOADS = 24;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.serverWith(Map.of("stream.upload-checks", "1", "stream.upload-checks.queue", "1",
                "stream.rate-limit.burst", "1000", "stream.max-queued", "1000"));
    }

    @Test
    void uploadsBeyondTheSlotsAndTheLineGetServiceUnavailableAndTheAcceptedOnesComplete() throws Exception {
        StreamApi api = new StreamApi(base);
        Path wav = TestAudio.sineWav("sine-1s-8k.wav", 1, 8_000, 1);
        List<Path> uploadsBefore = DataFolder.uploads();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(UPLOADS);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try {
            List<Future<HttpResponse<String>>> posted = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                posted.add(clients.submit(() -> {
                    go.await();
                    return api.submit(wav, Map.of());
                }));
            }
            go.countDown();
            for (Future<HttpResponse<String>> answer : posted) {
                answers.add(answer.get(5, TimeUnit.MINUTES));
            }
        } finally {
            clients.shutdownNow();
        }

        List<String> accepted = new ArrayList<>();
        int busy = 0;
        for (HttpResponse<String> answer : answers) {
            if (answer.statusCode() == 200) {
                accepted.add(StreamApi.json(answer).getString("job_id"));
                continue;
            }
            assertEquals(503, answer.statusCode(), answer.body());
            JsonObject error = StreamApi.json(answer);
            assertEquals("service_unavailable", error.getString("error"));
            assertTrue(error.getString("message").contains("STREAM_UPLOAD_CHECKS"), error.toString());
            assertTrue(Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow()) > 0, answer.headers().toString());
            busy++;
        }
        assertTrue(busy > 0, "one slot and a line of one turned none of " + UPLOADS + " uploads posted at once away");
        assertFalse(accepted.isEmpty(), "none accepted");
        for (String job : accepted) {
            JsonObject state = api.awaitFinal(job);
            assertEquals("Completed", state.getString("status"), state.toString());
        }
        // a completed job's source is deleted as its job ends, a refused upload's at once: none is left
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (!DataFolder.uploads().equals(uploadsBefore) && java.time.Instant.now().isBefore(deadline)) {
            StreamApi.pause(java.time.Duration.ofMillis(200));
        }
        assertEquals(uploadsBefore, DataFolder.uploads());
    }
}
