package io.streamserver;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** An HTTP client for the stream-server API, as the seed's examples use it. */
public final class StreamApi {

    private static final Set<String> FINAL = Set.of("Completed", "Failed", "Cancelled");

    /**
     * HTTP/1.1, as the contract's clients (curl, browsers, requests, Node) speak it over plain HTTP. Java's default
     * asks for a cleartext upgrade to HTTP/2, and Payara's Grizzly then corrupted about one segment response in 600.
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String bearer;

    public StreamApi(URL deployment) {
        this(deployment, null);
    }

    private StreamApi(URL deployment, String bearer) {
        String text = deployment.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.bearer = bearer;
    }

    /** The same client sending "Authorization: Bearer token" with every request. */
    public StreamApi withBearer(String token) {
        try {
            return new StreamApi(base.toURL(), token);
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public URI uri(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    public HttpResponse<String> submit(Path file, Map<String, String> fields) throws IOException {
        return send(multipart(file, file == null ? null : file.getFileName().toString(), fields));
    }

    /** The file part first and the fields after it, as curl -F file=@x -F codec=aac sends them. */
    public HttpResponse<String> submitFileFirst(Path file, Map<String, String> fields) throws IOException {
        return send(multipart(file, file.getFileName().toString(), fields, true));
    }

    /** A multipart POST to /v1/stream/transcode; the file part is streamed from disk. */
    public HttpRequest.Builder multipart(Path file, String fileName, Map<String, String> fields) throws IOException {
        return multipart(file, fileName, fields, false);
    }

    private HttpRequest.Builder multipart(Path file, String fileName, Map<String, String> fields, boolean fileFirst)
            throws IOException {
        String boundary = "----stream-test-" + UUID.randomUUID();
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            parts.add(text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n"));
        }
        if (file != null) {
            parts.addAll(fileFirst ? 0 : parts.size(), List.of(
                    text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"),
                    HttpRequest.BodyPublishers.ofFile(file),
                    text("\r\n")));
        }
        parts.add(text("--" + boundary + "--\r\n"));
        return HttpRequest.newBuilder(uri("v1/stream/transcode"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new)));
    }

    private static HttpRequest.BodyPublisher text(String text) {
        return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
    }

    public String submitted(Path file, Map<String, String> fields) throws IOException {
        HttpResponse<String> response = submit(file, fields);
        if (response.statusCode() != 200) {
            throw new AssertionError("submission refused: " + response.statusCode() + " " + response.body());
        }
        return json(response).getString("job_id");
    }

    public String submitted(Path file) throws IOException {
        return submitted(file, Map.of());
    }

    public HttpResponse<String> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(authorized(request).timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(authorized(request).timeout(Duration.ofMinutes(5)).build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return bearer == null ? request : request.setHeader("Authorization", "Bearer " + bearer);
    }

    public JsonObject job(String jobId) throws IOException {
        HttpResponse<String> response = get("v1/stream/job/" + jobId);
        if (response.statusCode() != 200) {
            throw new AssertionError("job " + jobId + ": " + response.statusCode() + " " + response.body());
        }
        return json(response);
    }

    /**
     * Cancels the job, in a test's finally: a long job left running would take a worker and the suite's CPU from
     * the tests after it. Any answer will do (a job that already ended answers 409).
     */
    public void cancel(String jobId) throws IOException {
        send(HttpRequest.newBuilder(uri("v1/stream/job/" + jobId)).DELETE());
    }

    /** GET /v1/stream/stats for the window, "hour" or "day". */
    public JsonObject stats(String window) throws IOException {
        HttpResponse<String> response = get("v1/stream/stats?window=" + window);
        if (response.statusCode() != 200) {
            throw new AssertionError("stats: " + response.statusCode() + " " + response.body());
        }
        return json(response);
    }

    /** GET /v1/stream/servers: the live servers. */
    public List<JsonObject> servers() throws IOException {
        return array(get("v1/stream/servers")).getValuesAs(JsonObject.class);
    }

    /**
     * Polls until the job reaches a final state and returns it, recording every progress value seen;
     * a job still running at the deadline fails the test.
     */
    public JsonObject awaitFinal(String jobId, Duration timeout, List<Double> progressSeen) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonObject job = job(jobId);
            progressSeen.add(job.getJsonNumber("progress").doubleValue());
            if (FINAL.contains(job.getString("status"))) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job " + jobId + " did not finish within " + timeout + ": " + job);
            }
            pause(Duration.ofMillis(200));
        }
    }

    public JsonObject awaitFinal(String jobId) throws IOException {
        return awaitFinal(jobId, Duration.ofMinutes(3), new ArrayList<>());
    }

    /** The JSON array of a 200 answer; any other status fails the test. */
    public static JsonArray array(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError(response.request().uri() + ": " + response.statusCode() + " " + response.body());
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readArray();
        }
    }

    public static JsonObject json(HttpResponse<String> response) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    public static Map<String, String> fields(String... keysAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }

    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
