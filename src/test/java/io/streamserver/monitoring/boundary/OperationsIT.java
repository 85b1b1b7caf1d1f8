package io.streamserver.monitoring.boundary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamserver.Deployments;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import io.streamserver.TestServer;
import io.streamserver.client.ApiClient;
import io.streamserver.client.api.PlaybackApi;
import io.streamserver.client.api.TranscodingApi;
import io.streamserver.client.model.Codec;
import io.streamserver.client.model.Job;
import io.streamserver.client.model.JobStatus;
import io.streamserver.client.model.Priority;
import io.streamserver.client.model.QualityProfile;
import io.streamserver.client.model.Submission;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What operators and client developers rely on: health, metrics, the batch details, and the OpenAPI contract. */
@ExtendWith(ArquillianExtension.class)
class OperationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.server();
    }

    @Test
    void healthReportsDatabaseFfmpegSandboxAndDiskSpaceButNoVersion() throws IOException {
        StreamApi api = new StreamApi(TestServer.health(base));
        HttpResponse<String> live = api.get("health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("UP", StreamApi.json(live).getString("status"));

        HttpResponse<String> ready = api.get("health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        JsonObject body = StreamApi.json(ready);
        assertEquals("UP", body.getString("status"), body.toString());
        Map<String, JsonObject> checks = new java.util.HashMap<>();
        for (JsonValue check : body.getJsonArray("checks")) {
            String name = check.asJsonObject().getString("name");
            if (!TestServer.isServerHealthCheck(name)) {
                checks.put(name, check.asJsonObject());
            }
        }
        assertEquals(java.util.Set.of("database", "ffmpeg", "sandbox", "disk-space", "storage"), checks.keySet());
        assertEquals("local", checks.get("storage").getJsonObject("data").getString("mode"), checks.get("storage").toString());
        assertEquals("UP", checks.get("ffmpeg").getString("status"), checks.get("ffmpeg").toString());
        assertEquals("bubblewrap", checks.get("sandbox").getJsonObject("data").getString("mode"), checks.get("sandbox").toString());
        for (HttpResponse<String> health : List.of(ready, live, api.get("health"))) {
            assertFalse(health.body().toLowerCase(java.util.Locale.ROOT).contains("version"), "an anonymous caller learns "
                    + "no software version: " + health.body());
        }
        JsonObject disk = checks.get("disk-space").getJsonObject("data");
        assertEquals("1073741824", disk.get("min_free_bytes").toString().replace("\"", ""));
    }

    @Test
    void metricsCountJobsUploadsAndSegmentRequests() throws IOException {
        StreamApi api = new StreamApi(base);
        double uploadedBefore = metric(api, "stream_uploaded_bytes_total", "");
        double segmentsBefore = metric(api, "stream_segment_requests_total", "");
        double completedBefore = metric(api, "stream_jobs", "status=\"Completed\"");

        Path wav = TestAudio.sineWav("metrics-8s.wav", 8, 44_100, 2);
        String jobId = api.submitted(wav);
        assertEquals("Completed", api.awaitFinal(jobId).getString("status"));
        assertEquals(200, api.get("v1/stream/hls/" + jobId + "/segment_00001.ts").statusCode());
        assertEquals(200, api.get("v1/stream/hls/" + jobId + "/index.m3u8").statusCode());
        assertEquals(404, api.get("v1/stream/hls/" + jobId + "/segment_09999.ts").statusCode());

        assertTrue(metric(api, "stream_uploaded_bytes_total", "") - uploadedBefore >= Files.size(wav),
                "the whole upload is counted");
        assertEquals(1, metric(api, "stream_segment_requests_total", "") - segmentsBefore,
                "one segment served; the playlist and the 404 do not count");
        assertEquals(1, metric(api, "stream_jobs", "status=\"Completed\"") - completedBefore);
        assertEquals(metric(api, "stream_jobs", "status=\"Pending\""), metric(api, "stream_queue_depth", ""));
        assertTrue(metric(api, "stream_transcode_seconds_per_audio_second", "") > 0);
    }

    @Test
    void batchExecutionsAndTheFfmpegLogOfAJob() throws IOException {
        StreamApi api = new StreamApi(base);
        String jobId = api.submitted(TestAudio.sineWav("executions-14s.wav", 14, 44_100, 2));
        assertEquals("Completed", api.awaitFinal(jobId).getString("status"));
        long segments = api.get("v1/stream/hls/" + jobId + "/index.m3u8").body().lines()
                .filter(line -> line.startsWith("segment_")).count();

        JsonArray executions = StreamApi.array(api.get("v1/stream/job/" + jobId + "/executions"));
        assertEquals(1, executions.size(), executions.toString());
        JsonObject execution = executions.getJsonObject(0);
        assertEquals("transcode-to-hls-single", execution.getString("job_name"), "a job of one rendition needs no partitions");
        assertEquals("COMPLETED", execution.getString("batch_status"));
        assertFalse(execution.isNull("end_time"));
        JsonObject step = execution.getJsonArray("steps").stream().map(JsonValue::asJsonObject)
                .filter(s -> s.getString("name").equals("encode-segments")).findFirst()
                .orElseThrow(() -> new AssertionError("no encode-segments step: " + execution));
        assertEquals("COMPLETED", step.getString("batch_status"));
        // its items: every segment, then the encode's end (its loudness and waveform); several to a commit
        assertEquals(segments + 1, step.getJsonNumber("read_count").longValue(), step.toString());
        assertEquals(segments + 1, step.getJsonNumber("write_count").longValue(), step.toString());
        long commits = step.getJsonNumber("commit_count").longValue();
        assertTrue(commits >= 1 && commits <= segments + 1, step.toString());

        HttpResponse<String> log = api.get("v1/stream/job/" + jobId + "/log");
        assertEquals(200, log.statusCode(), log.body());
        assertTrue(log.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertFalse(log.body().contains(System.getProperty("stream.test-dir", "target/it")), "no server paths");

        String unknown = UUID.randomUUID().toString();
        for (String path : new String[]{"executions", "log"}) {
            HttpResponse<String> missing = api.get("v1/stream/job/" + unknown + "/" + path);
            assertEquals(404, missing.statusCode());
            assertEquals("not_found", StreamApi.json(missing).getString("error"));
        }
    }

    @Test
    void openApiServesTheContractThatClientsAreGeneratedFrom() throws IOException {
        StreamApi api = new StreamApi(base);
        HttpResponse<String> served = api.send(HttpRequest.newBuilder(api.uri("openapi"))
                .header("Accept", "application/json").GET());
        assertEquals(200, served.statusCode());
        JsonNode document = JSON.readTree(served.body());
        JsonNode contract = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("src/main/resources/META-INF/openapi.yaml").toFile());
        if (TestServer.isWildFly()) {
            asSmallRyeServesIt(contract);
        }
        for (String part : new String[]{"openapi", "info", "tags", "paths", "components"}) {
            assertEquals(contract.get(part), document.get(part), part + " of /openapi equals META-INF/openapi.yaml");
        }
        OpenApiCoverage.assertCovers(document.get("paths"));
    }

    /** What the API really answers, field by field, against the schema the served contract gives for it. */
    @Test
    void everyResponseFieldIsDescribedByTheServedContract() throws IOException {
        StreamApi api = new StreamApi(base);
        JsonNode contract = JSON.readTree(api.send(HttpRequest.newBuilder(api.uri("openapi"))
                .header("Accept", "application/json").GET()).body());
        HttpResponse<String> submitted = api.submit(TestAudio.sineWav("contract-6s.wav", 6, 44_100, 2),
                Map.of("renditions", "low,high", "loudness_target", "-18", "priority", "urgent"));
        assertEquals(200, submitted.statusCode(), submitted.body());
        OpenApiCoverage.assertDescribes(contract, "POST", "/v1/stream/transcode", 200, JSON.readTree(submitted.body()));
        String jobId = StreamApi.json(submitted).getString("job_id");
        assertEquals("Completed", api.awaitFinal(jobId).getString("status"));

        Map<String, String> answers = new java.util.LinkedHashMap<>();
        answers.put("/v1/stream/job/{id}", "v1/stream/job/" + jobId);
        answers.put("/v1/stream/jobs", "v1/stream/jobs?limit=3");
        answers.put("/v1/stream/job/{id}/executions", "v1/stream/job/" + jobId + "/executions");
        answers.put("/v1/stream/stats", "v1/stream/stats?window=day");
        answers.put("/v1/stream/job/{id}/peaks.json", "v1/stream/job/" + jobId + "/peaks.json");
        for (Map.Entry<String, String> answer : answers.entrySet()) {
            HttpResponse<String> response = api.get(answer.getValue());
            assertEquals(200, response.statusCode(), answer.getValue() + ": " + response.body());
            OpenApiCoverage.assertDescribes(contract, "GET", answer.getKey(), 200, JSON.readTree(response.body()));
        }
        JsonNode job = JSON.readTree(api.get("v1/stream/job/" + jobId).body());
        assertTrue(job.path("loudness").path("output").has("integrated_lufs"), "the nested loudness was checked: " + job);

        HttpResponse<String> badWindow = api.get("v1/stream/stats?window=week");
        assertEquals(400, badWindow.statusCode());
        assertTrue(StreamApi.json(badWindow).getString("message").startsWith("window:"), badWindow.body());
        OpenApiCoverage.assertDescribes(contract, "GET", "/v1/stream/stats", 400, JSON.readTree(badWindow.body()));
        for (String id : new String[]{UUID.randomUUID().toString(), "..%2F..%2Fetc"}) {
            HttpResponse<String> missing = api.get("v1/stream/job/" + id + "/peaks.json");
            assertEquals(404, missing.statusCode(), id);
            OpenApiCoverage.assertDescribes(contract, "GET", "/v1/stream/job/{id}/peaks.json", 404, JSON.readTree(missing.body()));
        }
    }

    @Test
    void generatedClientRunsTheSeedWorkflow() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(base.toString().replaceAll("/$", ""));
        TranscodingApi transcoding = new TranscodingApi(client);
        File wav = TestAudio.sineWav("client-10s.wav", 10, 44_100, 2).toFile();

        Submission submission = transcoding.submit(wav, Codec.AAC, "128000", QualityProfile.HIGH, Priority.URGENT,
                "generated_client", null, null, null, null);
        assertEquals("queued", submission.getStatus().getValue());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        Job job;
        do {
            if (Instant.now().isAfter(deadline)) {
                fail("job " + submission.getJobId() + " did not finish in time");
            }
            StreamApi.pause(Duration.ofMillis(300));
            job = transcoding.getJob(submission.getJobId());
        } while (job.getStatus() == JobStatus.PENDING || job.getStatus() == JobStatus.PROCESSING);
        assertEquals(JobStatus.COMPLETED, job.getStatus(), String.valueOf(job.getError()));
        assertEquals("generated_client", job.getTrackId());
        assertEquals(100.0, job.getProgress());

        File manifest = new PlaybackApi(client).manifest(submission.getJobId());
        String text = Files.readString(manifest.toPath());
        assertTrue(text.startsWith("#EXTM3U"), text);
        assertTrue(text.contains("#EXT-X-ENDLIST"), text);
    }

    /**
     * SmallRye OpenAPI 4.2 (WildFly 39) serves the static document with empty contact and license objects added and
     * without requestBody's required flag; everything else as written.
     */
    private static void asSmallRyeServesIt(JsonNode contract) {
        ObjectNode info = (ObjectNode) contract.get("info");
        info.putObject("contact");
        info.putObject("license");
        for (JsonNode operation : contract.findParents("requestBody")) {
            ((ObjectNode) operation.get("requestBody")).remove("required");
        }
    }

    /** A sample's value in the Prometheus text of /metrics; the metric must be there. */
    static double metric(StreamApi api, String name, String labels) throws IOException {
        HttpResponse<String> metrics = api.get("metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), metrics.headers().toString());
        Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "(?:\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = sample.matcher(metrics.body());
        while (matcher.find()) {
            if (java.util.Objects.toString(matcher.group(1), "").contains(labels)) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        throw new AssertionError("no " + name + "{" + labels + "} in /metrics:\n" + metrics.body());
    }
}
