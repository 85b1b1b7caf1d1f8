package io.streamserver.webhooks.boundary;

import io.streamserver.Deployments;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import io.streamserver.WebhookReceiver;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks end to end, to a receiver on loopback (which STREAM_WEBHOOK_ALLOW_PRIVATE lets the server reach): a signed
 * job.completed whose data is the job as GET answers it, retries with one webhook-id after 5xx, a job's callback_url
 * signed with the server's default secret (taken from the data directory's file of an install of before), redelivery, and a redirect that is never followed. Retries come after a
 * fraction of a second here (stream.webhook.first-retry).
 */
@ExtendWith(ArquillianExtension.class)
class WebhooksIT {

    @ArquillianResource
    URL base;

    private WebhookReceiver receiver;
    private StreamApi api;

    /** The default secret's file of an install of before, whose value the server takes into its database. */
    private static final Path DEFAULT_SECRET = Path.of(System.getenv("STREAM_DATA_DIR"), "webhook-signing.key");

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        if (!Files.exists(DEFAULT_SECRET)) {
            byte[] secret = new byte[32];
            new java.security.SecureRandom().nextBytes(secret);
            Files.createDirectories(DEFAULT_SECRET.getParent());
            Files.writeString(DEFAULT_SECRET, Base64.getEncoder().encodeToString(secret) + "\n");
        }
        return Deployments.serverWith(Map.of("stream.webhook.allow-private", "true",
                "stream.webhook.first-retry", "PT0.2S", "stream.webhook.poll-period", "PT0.2S"));
    }

    @BeforeEach
    void receive() throws IOException {
        receiver = new WebhookReceiver();
        api = new StreamApi(base);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void aRegisteredEndpointReceivesTheCompletedJobSigned() throws Exception {
        JsonObject endpoint = register(receiver.url("/completed"), "job.completed");
        String secret = endpoint.getString("secret");
        assertTrue(secret.startsWith("whsec_") && Base64.getDecoder().decode(secret.substring(6)).length >= 24, secret);
        JsonArray listed = StreamApi.array(api.get("v1/stream/webhooks"));
        JsonObject mine = listed.getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getString("id").equals(endpoint.getString("id"))).findFirst().orElseThrow();
        assertFalse(mine.containsKey("secret") && !mine.isNull("secret"), "the list shows no secret: " + mine);

        try {
            String jobId = api.submitted(TestAudio.sineWav("hook-4s.wav", 4, 44_100, 2));
            assertEquals("Completed", api.awaitFinal(jobId).getString("status"));
            WebhookReceiver.Received delivery = receiver.await(r -> r.path().equals("/completed")
                    && r.body().contains(jobId), 1, Duration.ofSeconds(60)).get(0);

            assertEquals(sign(secret, delivery.id(), delivery.timestamp(), delivery.body()), delivery.signature());
            String tampered = delivery.body().replace("Completed", "Failed");
            assertFalse(sign(secret, delivery.id(), delivery.timestamp(), tampered).equals(delivery.signature()),
                    "a tampered body fails verification");
            JsonObject body = json(delivery.body());
            assertEquals("job.completed", body.getString("type"));
            assertEquals(api.job(jobId), body.getJsonObject("data"));
            assertTrue(delivery.id().startsWith("msg_"), delivery.id());

            JsonObject recorded = deliveries(endpoint).getValuesAs(JsonObject.class).stream()
                    .filter(d -> d.getString("job_id").equals(jobId)).findFirst().orElseThrow();
            assertEquals(delivery.id(), recorded.getString("webhook_id"));
            assertEquals("job.completed", recorded.getString("event"));

            HttpResponse<String> redelivered = api.send(HttpRequest.newBuilder(api.uri("v1/stream/webhooks/"
                    + endpoint.getString("id") + "/deliveries/" + recorded.getString("id") + "/redeliver"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, redelivered.statusCode(), redelivered.body());
            List<WebhookReceiver.Received> both = receiver.await(r -> r.path().equals("/completed")
                    && r.body().contains(jobId), 2, Duration.ofSeconds(60));
            assertEquals(delivery.id(), both.get(1).id(), "a redelivery keeps the webhook-id");
        } finally {
            remove(endpoint);
        }
    }

    @Test
    void aCallbackAnswered500ThreeTimesGetsTheEventAFourthTimeWithTheSameId() throws Exception {
        receiver.answer("/callback", 500, 500, 500);
        String jobId = api.submitted(TestAudio.sineWav("callback-4s.wav", 4, 44_100, 2),
                StreamApi.fields("callback_url", receiver.url("/callback")));
        assertEquals("Completed", api.awaitFinal(jobId).getString("status"));

        List<WebhookReceiver.Received> attempts = receiver.await(r -> r.path().equals("/callback"), 4, Duration.ofSeconds(90));
        String defaultSecret = "whsec_" + Files.readString(DEFAULT_SECRET).strip();
        for (int i = 0; i < attempts.size(); i++) {
            WebhookReceiver.Received attempt = attempts.get(i);
            assertEquals(attempts.get(0).id(), attempt.id(), "every attempt carries the same webhook-id");
            assertEquals(attempts.get(0).body(), attempt.body());
            assertEquals(sign(defaultSecret, attempt.id(), attempt.timestamp(), attempt.body()), attempt.signature());
            if (i > 0) {
                assertTrue(attempt.arrivedNanos() > attempts.get(i - 1).arrivedNanos());
            }
        }
        JsonObject body = json(attempts.get(0).body());
        assertEquals("job.completed", body.getString("type"));
        assertEquals(jobId, body.getJsonObject("data").getString("id"));
    }

    /** Progress is announced per committed chunk, only to those who subscribe to it; started once the job runs. */
    @Test
    void anEndpointForStartAndProgressGetsThemWhileTheJobRuns() throws Exception {
        JsonObject endpoint = register(receiver.url("/running"), "job.started", "job.progress");
        try {
            String jobId = api.submitted(TestAudio.sineWav("progress-12s.wav", 12, 44_100, 2),
                    StreamApi.fields("quality_profile", "low"));
            assertEquals("Completed", api.awaitFinal(jobId).getString("status"));
            receiver.await(r -> r.path().equals("/running") && r.body().contains("\"job.started\"") && r.body().contains(jobId),
                    1, Duration.ofSeconds(60));
            WebhookReceiver.Received progress = receiver.await(r -> r.path().equals("/running")
                    && r.body().contains("\"job.progress\"") && r.body().contains(jobId), 1, Duration.ofSeconds(60)).get(0);
            JsonObject data = json(progress.body()).getJsonObject("data");
            assertEquals("Processing", data.getString("status"));
            assertTrue(data.getJsonNumber("progress").doubleValue() > 0, data.toString());
            // the outbox rows commit with the job's changes, so the completion's would be there by now
            assertEquals(java.util.Set.of("job.started", "job.progress"), deliveries(endpoint).getValuesAs(JsonObject.class).stream()
                    .filter(d -> d.getString("job_id").equals(jobId)).map(d -> d.getString("event"))
                    .collect(java.util.stream.Collectors.toSet()), "an event not subscribed to is not queued");
        } finally {
            remove(endpoint);
        }
    }

    @Test
    void aRedirectIsNeverFollowed() throws Exception {
        receiver.redirect("/moved", receiver.url("/target"));
        JsonObject endpoint = register(receiver.url("/moved"), "job.completed");
        try {
            String jobId = api.submitted(TestAudio.sineWav("redirect-4s.wav", 4, 44_100, 2));
            assertEquals("Completed", api.awaitFinal(jobId).getString("status"));
            receiver.await(r -> r.path().equals("/moved") && r.body().contains(jobId), 2, Duration.ofSeconds(60));
            JsonObject recorded = deliveries(endpoint).getValuesAs(JsonObject.class).stream()
                    .filter(d -> d.getString("job_id").equals(jobId)).findFirst().orElseThrow();
            assertEquals(302, recorded.getInt("last_status"), recorded.toString());
            assertTrue(recorded.getInt("attempts") >= 1, recorded.toString());
            assertTrue(receiver.received(r -> r.path().equals("/target")).isEmpty(), "the redirect's target got nothing");
        } finally {
            remove(endpoint);
        }
    }

    @Test
    void aBadRegistrationIsRefusedWithTheApisError() throws IOException {
        for (String body : List.of("{\"url\": \"ftp://example.com/\", \"events\": [\"job.completed\"]}",
                "{\"url\": \"" + receiver.url("/x") + "\", \"events\": [\"job.exploded\"]}",
                "{\"url\": \"" + receiver.url("/x") + "\", \"events\": []}",
                "{\"events\": [\"job.completed\"]}")) {
            HttpResponse<String> refused = post("v1/stream/webhooks", body);
            assertEquals(400, refused.statusCode(), body + " -> " + refused.body());
            JsonObject error = StreamApi.json(refused);
            assertEquals("bad_request", error.getString("error"));
            assertFalse(error.getString("message").isBlank());
        }
        HttpResponse<String> callback = api.submit(TestAudio.sineWav("bad-callback.wav", 1, 44_100, 1),
                StreamApi.fields("callback_url", "file:///etc/passwd"));
        assertEquals(400, callback.statusCode(), callback.body());
        assertTrue(StreamApi.json(callback).getString("message").contains("callback_url"), callback.body());
    }

    private JsonObject register(String url, String... events) throws IOException {
        String body = Json.createObjectBuilder().add("url", url)
                .add("events", Json.createArrayBuilder(List.of(events))).build().toString();
        HttpResponse<String> created = post("v1/stream/webhooks", body);
        assertEquals(201, created.statusCode(), created.body());
        return StreamApi.json(created);
    }

    private void remove(JsonObject endpoint) throws IOException {
        HttpResponse<String> removed = api.send(HttpRequest.newBuilder(api.uri("v1/stream/webhooks/" + endpoint.getString("id"))).DELETE());
        assertEquals(204, removed.statusCode(), removed.body());
    }

    private JsonArray deliveries(JsonObject endpoint) throws IOException {
        return StreamApi.array(api.get("v1/stream/webhooks/" + endpoint.getString("id") + "/deliveries"));
    }

    private HttpResponse<String> post(String path, String json) throws IOException {
        return api.send(HttpRequest.newBuilder(api.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new java.io.StringReader(text))) {
            return reader.readObject();
        }
    }

    /** The Standard Webhooks signature, computed here independently of the server's code. */
    private static String sign(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
    }
}
