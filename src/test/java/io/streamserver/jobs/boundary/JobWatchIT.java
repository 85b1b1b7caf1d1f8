package io.streamserver.jobs.boundary;

import io.streamserver.Deployments;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Watching jobs: the paginated, filtered job list and the Server-Sent Events stream of one job. */
@ExtendWith(ArquillianExtension.class)
class JobWatchIT {

    private static final List<String> STATUS_ORDER = List.of("Pending", "Processing", "Completed");

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.server();
    }

    private StreamApi api() {
        return new StreamApi(base);
    }

    private JsonObject list(String query) throws IOException {
        HttpResponse<String> response = api().get("v1/stream/jobs?" + query);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        return StreamApi.json(response);
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("jobs").getValuesAs(JsonObject.class).stream().map(j -> j.getString("id")).toList();
    }

    @Test
    void listsJobsNewestFirstAPageAtATimeFilteredByPriorityAndStatus() throws IOException {
        // only this test submits background jobs, so the background list holds exactly these
        Path wav = TestAudio.sineWav("sine-2s.wav", 2, 22_050, 1);
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            submitted.add(api().submitted(wav, StreamApi.fields("priority", "background", "track_id", "listed-" + i)));
        }
        for (String jobId : submitted) {
            assertEquals("Completed", api().awaitFinal(jobId).getString("status"));
        }

        JsonObject first = list("priority=background&limit=2");
        assertEquals(List.of(submitted.get(2), submitted.get(1)), ids(first));
        assertEquals(JsonValue.ValueType.STRING, first.get("next_cursor").getValueType(), first.toString());
        JsonObject second = list("priority=background&limit=2&cursor="
                + URLEncoder.encode(first.getString("next_cursor"), StandardCharsets.UTF_8));
        assertEquals(List.of(submitted.get(0)), ids(second));
        assertEquals(JsonValue.NULL, second.get("next_cursor"), second.toString());

        // each listed job is exactly what GET /job/{id} answers
        JsonObject listed = second.getJsonArray("jobs").getJsonObject(0);
        assertEquals(api().job(submitted.get(0)), listed);
        assertEquals("listed-0", listed.getString("track_id"));

        assertEquals(List.of(submitted.get(2), submitted.get(1), submitted.get(0)),
                ids(list("priority=BACKGROUND&status=completed")));
        assertEquals(List.of(), ids(list("priority=background&status=Pending")));
        assertFalse(ids(list("priority=urgent&limit=100")).contains(submitted.get(0)));
        assertTrue(ids(list("limit=100")).containsAll(submitted), "without filters every job is listed");
    }

    @Test
    void invalidListParametersAreRefusedNamingTheParameter() throws IOException {
        Map<String, String> refusals = Map.of(
                "status=Done", "status: ",
                "priority=high", "priority: ",
                "limit=0", "limit: ",
                "limit=101", "limit: ",
                "limit=ten", "limit: ",
                "cursor=not-a-cursor", "cursor: ",
                // base64url of "1:<script>", a cursor someone made up
                "cursor=MTo8c2NyaXB0Pg", "cursor: ");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            HttpResponse<String> response = api().get("v1/stream/jobs?" + refusal.getKey());
            assertEquals(400, response.statusCode(), refusal.getKey() + ": " + response.body());
            JsonObject error = StreamApi.json(response);
            assertEquals("bad_request", error.getString("error"));
            assertTrue(error.getString("message").startsWith(refusal.getValue()), refusal.getKey() + ": " + error);
        }
    }

    @Test
    void eventsArriveInOrderAndEndWithTheFinalState() throws Exception {
        String jobId = api().submitted(TestAudio.sineWav("sine-2min-8k.wav", 120, 8_000, 1));

        List<Event> events = events(jobId, Duration.ofMinutes(3));

        assertTrue(events.size() >= 2, "a change at least, then the end: " + events);
        JsonObject last = events.get(events.size() - 1).data();
        assertEquals("Completed", last.getString("status"), last.toString());
        assertEquals(100.0, last.getJsonNumber("progress").doubleValue());
        assertEquals(api().job(jobId), last, "the last event is the job's final state");
        assertTrue(events.stream().anyMatch(e -> e.data().getString("status").equals("Processing")),
                "a 2-minute source is seen while it is processed: " + events);
        for (int i = 1; i < events.size(); i++) {
            JsonObject before = events.get(i - 1).data();
            JsonObject after = events.get(i).data();
            assertNotEquals(before, after, "only changes are sent");
            assertTrue(STATUS_ORDER.indexOf(after.getString("status")) >= STATUS_ORDER.indexOf(before.getString("status")),
                    "status went back: " + before + " then " + after);
            assertTrue(after.getJsonNumber("progress").doubleValue() >= before.getJsonNumber("progress").doubleValue(),
                    "progress went down: " + before + " then " + after);
        }
        for (Event event : events) {
            assertEquals("job", event.name());
            assertEquals(jobId, event.data().getString("id"));
        }
    }

    @Test
    void aFinishedJobGetsOneEventAndTheEnd() throws Exception {
        String jobId = api().submitted(TestAudio.sineWav("sine-2s.wav", 2, 22_050, 1));
        JsonObject finished = api().awaitFinal(jobId);

        List<Event> events = events(jobId, Duration.ofSeconds(30));

        assertEquals(1, events.size(), events.toString());
        assertEquals(finished, events.get(0).data());
    }

    @Test
    void eventsOfAnUnknownJobAreNotFound() throws IOException {
        HttpResponse<String> response = api().send(HttpRequest.newBuilder(
                api().uri("v1/stream/job/550e8400-e29b-41d4-a716-446655440000/events"))
                .header("Accept", "text/event-stream").GET());
        assertEquals(404, response.statusCode(), response.body());
        assertEquals("not_found", StreamApi.json(response).getString("error"));
    }

    record Event(String name, JsonObject data) {
    }

    /** Reads the job's event stream until the server ends it; a stream still open at the deadline fails the test. */
    private List<Event> events(String jobId, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(api().uri("v1/stream/job/" + jobId + "/events"))
                .header("Accept", "text/event-stream").GET().build();
        CompletableFuture<List<Event>> reading = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenApply(response -> {
                    assertEquals(200, response.statusCode());
                    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
                    try (Stream<String> lines = response.body()) {
                        return parse(lines.iterator());
                    }
                });
        try {
            return reading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reading.cancel(true);
            return fail("the event stream of job " + jobId + " did not end within " + timeout);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static List<Event> parse(Iterator<String> lines) {
        List<Event> events = new ArrayList<>();
        String name = "message";
        StringBuilder data = new StringBuilder();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    try (JsonReader reader = Json.createReader(new StringReader(data.toString()))) {
                        events.add(new Event(name, reader.readObject()));
                    }
                }
                name = "message";
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            }
        }
        return events;
    }
}
