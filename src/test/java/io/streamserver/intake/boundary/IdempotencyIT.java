package io.streamserver.intake.boundary;

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

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Idempotency-Key on POST /v1/stream/transcode: concurrent repeats make one job and all answer its id, a repeat
 * after the answer gets it again, and the key of another request (another file, other fields) gets 422.
 */
@ExtendWith(ArquillianExtension.class)
class IdempotencyIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.server();
    }

    @Test
    void eightConcurrentSubmissionsWithOneKeyMakeOneJobAndAllAnswerItsId() throws Exception {
        StreamApi api = new StreamApi(base);
        String key = "concurrent-" + UUID.randomUUID();
        String track = "idem_" + UUID.randomUUID().toString().substring(0, 8);
        Path file = TestAudio.sineWav("idempotent-4s.wav", 4, 44_100, 2);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try {
            List<Callable<HttpResponse<String>>> requests = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                requests.add(() -> api.send(keyed(api, file, Map.of("track_id", track), key)));
            }
            for (Future<HttpResponse<String>> answer : clients.invokeAll(requests)) {
                answers.add(answer.get());
            }
        } finally {
            clients.shutdownNow();
        }
        for (HttpResponse<String> answer : answers) {
            assertEquals(200, answer.statusCode(), answer.body());
        }
        Set<String> ids = answers.stream().map(a -> StreamApi.json(a).getString("job_id")).collect(Collectors.toSet());
        assertEquals(1, ids.size(), "every answer names the one job: " + ids);
        Set<String> bodies = answers.stream().map(HttpResponse::body).collect(Collectors.toSet());
        assertEquals(1, bodies.size(), "every answer is the first one's: " + bodies);
        assertEquals(7, answers.stream().filter(a -> a.headers().firstValue("Idempotent-Replayed").isPresent()).count(),
                "all but the first are replays");
        assertEquals(List.copyOf(ids), jobsOfTrack(api, track), "the job list holds exactly one job of the track");

        String jobId = ids.iterator().next();
        assertEquals("Completed", api.awaitFinal(jobId).getString("status"));
        HttpResponse<String> later = api.send(keyed(api, file, Map.of("track_id", track), key));
        assertEquals(200, later.statusCode(), later.body());
        assertEquals(bodies.iterator().next(), later.body(), "the first answer, not the job's state now");
        assertEquals("true", later.headers().firstValue("Idempotent-Replayed").orElse(null));
        assertEquals(List.of(jobId), jobsOfTrack(api, track), "a repeat after the job ended makes none either");
    }

    @Test
    void theKeyOfAnotherRequestIsRefusedWith422AndMakesNoJob() throws IOException {
        StreamApi api = new StreamApi(base);
        String key = "reused-" + UUID.randomUUID();
        String track = "idem_" + UUID.randomUUID().toString().substring(0, 8);
        Path first = TestAudio.sineWav("idempotent-first.wav", 2, 44_100, 1);
        Path other = TestAudio.sineWav("idempotent-other.wav", 3, 44_100, 1);
        HttpResponse<String> made = api.send(keyed(api, first, Map.of("track_id", track), key));
        assertEquals(200, made.statusCode(), made.body());
        assertFalse(made.headers().firstValue("Idempotent-Replayed").isPresent(), "the first answer is no replay");

        for (HttpResponse<String> refused : List.of(
                api.send(keyed(api, other, Map.of("track_id", track), key)),
                api.send(keyed(api, first, Map.of("track_id", track, "codec", "mp3"), key)))) {
            assertEquals(422, refused.statusCode(), refused.body());
            JsonObject error = StreamApi.json(refused);
            assertEquals("unprocessable_content", error.getString("error"));
            assertTrue(error.getString("message").startsWith("Idempotency-Key"), error.toString());
        }
        assertEquals(List.of(StreamApi.json(made).getString("job_id")), jobsOfTrack(api, track));

        // the same key from the same client, for the same request spelled otherwise (a default written out): a repeat
        HttpResponse<String> repeat = api.send(keyed(api, first, Map.of("track_id", track, "codec", "aac"), key));
        assertEquals(made.body(), repeat.body());
    }

    @Test
    void anInvalidKeyIsABadRequestAndAFailedRequestFreesItsKey() throws IOException {
        StreamApi api = new StreamApi(base);
        Path file = TestAudio.sineWav("idempotent-invalid.wav", 1, 44_100, 1);
        for (String invalid : List.of("", "k".repeat(256))) {
            HttpResponse<String> refused = api.send(keyed(api, file, Map.of(), invalid));
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(StreamApi.json(refused).getString("message").startsWith("Idempotency-Key"), refused.body());
        }
        String key = "retry-after-400-" + UUID.randomUUID();
        Path notAudio = TestAudio.textFile("idempotent-not-audio.wav", "not audio at all");
        HttpResponse<String> failed = api.send(keyed(api, notAudio, Map.of(), key));
        assertEquals(400, failed.statusCode(), failed.body());
        HttpResponse<String> fixed = api.send(keyed(api, file, Map.of(), key));
        assertEquals(200, fixed.statusCode(), "a refused request leaves its key free: " + fixed.body());
    }

    private static HttpRequest.Builder keyed(StreamApi api, Path file, Map<String, String> fields, String key)
            throws IOException {
        return api.multipart(file, file.getFileName().toString(), fields).header("Idempotency-Key", key);
    }

    /** The ids of the track's jobs, through the job list API. */
    private static List<String> jobsOfTrack(StreamApi api, String track) throws IOException {
        JsonObject page = StreamApi.json(api.get("v1/stream/jobs?limit=100"));
        return page.getJsonArray("jobs").getValuesAs(JsonObject.class).stream()
                .filter(job -> job.getString("track_id").equals(track)).map(job -> job.getString("id")).toList();
    }
}
