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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every refused submission gets its documented code and a JSON error naming the field, and leaves no file behind. */
@ExtendWith(ArquillianExtension.class)
class SubmissionErrorsIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.server();
    }

    private List<Path> uploadsBefore;

    @BeforeEach
    void recordUploads() throws IOException {
        uploadsBefore = DataFolder.uploads();
    }

    /** Other test classes may leave jobs behind in the shared data directory; a refusal adds nothing to it. */
    @AfterEach
    void noUploadIsLeftBehind() throws IOException {
        assertEquals(uploadsBefore, DataFolder.uploads());
    }

    private JsonObject refused(HttpResponse<String> response, int status, String field) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonObject error = StreamApi.json(response);
        assertEquals(status == 400 ? "bad_request" : "not_found", error.getString("error"));
        assertTrue(error.getString("message").startsWith(field), error.toString());
        assertFalse(response.body().contains("Exception"), "no stack trace or exception name: " + response.body());
        return error;
    }

    private HttpResponse<String> submit(Path file, Map<String, String> fields) throws IOException {
        return new StreamApi(base).submit(file, fields);
    }

    private static Path wav() throws IOException {
        return TestAudio.sineWav("sine-2s.wav", 2, 44_100, 2);
    }

    @Test
    void missingFileIsRefused() throws IOException {
        refused(submit(null, StreamApi.fields("quality_profile", "high")), 400, "file");
    }

    /** An HTML form posted without enctype, and every other body that is not multipart/form-data: 400, not 415. */
    @Test
    void aBodyThatIsNotMultipartIsRefusedNamingTheFileField() throws IOException {
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("application/x-www-form-urlencoded", "codec=aac");
        bodies.put("text/plain", "codec=aac");
        bodies.put("application/json", "{\"codec\": \"aac\"}");
        bodies.put("audio/wav", "RIFF");
        bodies.put("multipart/mixed; boundary=x", "--x\r\n\r\nRIFF\r\n--x--\r\n");
        bodies.put(null, "RIFF");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(new StreamApi(base)
                    .uri("v1/stream/transcode")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.getValue()));
            if (body.getKey() != null) {
                request.header("Content-Type", body.getKey());
            }
            JsonObject error = refused(new StreamApi(base).send(request), 400, "file");
            assertTrue(error.getString("message").contains("multipart/form-data"), body.getKey() + ": " + error);
        }
    }

    @Test
    void aWaveWhoseFormatTagNoDecoderKnowsIsRefused() throws IOException {
        JsonObject error = refused(submit(TestAudio.unknownFormatTagWav("unknown-tag.wav"), Map.of()), 400, "file");
        assertTrue(error.getString("message").contains("no decoder"), error.toString());
    }

    /** The container probes as MP3, but its first seconds do not decode. */
    @Test
    void audioThatDoesNotDecodeFromTheStartIsRefused() throws IOException {
        JsonObject error = refused(submit(TestAudio.noisyFrom("noise-early.mp3", 20, "libmp3lame", 0.05), Map.of()), 400, "file");
        assertTrue(error.getString("message").contains("cannot be decoded as mp3"), error.toString());
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        refused(submit(TestAudio.textFile("empty.wav", ""), Map.of()), 400, "file");
    }

    @Test
    void textFileIsRefused() throws IOException {
        refused(submit(TestAudio.textFile("notes.wav", "these are not the sounds you are looking for\n"), Map.of()), 400, "file");
    }

    @Test
    void fileWithoutAudioStreamIsRefused() throws IOException {
        Path video = TestAudio.folder().resolve("silent-film.mp4");
        TestAudio.run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=1:size=64x64:rate=10",
                "-c:v", "mpeg4", video.toString()));
        JsonObject error = refused(submit(video, Map.of()), 400, "file");
        assertTrue(error.getString("message").contains("no audio"), error.toString());
    }

    @Test
    void playlistDisguisedAsAudioIsRefused() throws IOException {
        Path playlist = TestAudio.textFile("playlist.wav", "#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n");
        refused(submit(playlist, Map.of()), 400, "file");
    }

    @Test
    void unknownCodecIsRefused() throws IOException {
        JsonObject error = refused(submit(wav(), StreamApi.fields("codec", "wav")), 400, "codec");
        assertTrue(error.getString("message").contains("aac, mp3, opus, flac"), error.toString());
    }

    /** The file is stored before a field after it is read: the refusal deletes it (checked after each test). */
    @Test
    void aFieldAfterTheFileIsCheckedAndTheStoredFileDeleted() throws IOException {
        JsonObject error = refused(new StreamApi(base).submitFileFirst(wav(), StreamApi.fields("codec", "wav")), 400, "codec");
        assertTrue(error.getString("message").contains("aac, mp3, opus, flac"), error.toString());
        refused(new StreamApi(base).submitFileFirst(wav(), StreamApi.fields("track_id", "x".repeat(300))), 400, "track_id");
    }

    @Test
    void unknownQualityProfileIsRefused() throws IOException {
        refused(submit(wav(), StreamApi.fields("quality_profile", "ultra")), 400, "quality_profile");
    }

    @Test
    void unknownPriorityIsRefused() throws IOException {
        refused(submit(wav(), StreamApi.fields("priority", "now")), 400, "priority");
    }

    @Test
    void bitrateThatIsNotANumberIsRefused() throws IOException {
        refused(submit(wav(), StreamApi.fields("bitrate", "loud")), 400, "bitrate");
    }

    @Test
    void bitrateOutsideTheCodecsRangeIsRefusedWithTheRange() throws IOException {
        JsonObject error = refused(submit(wav(), StreamApi.fields("codec", "aac", "bitrate", "1000000")), 400, "bitrate");
        assertTrue(error.getString("message").contains("32000 to 512000"), error.toString());
    }

    @Test
    void bitrateForLosslessFlacIsRefused() throws IOException {
        refused(submit(wav(), StreamApi.fields("codec", "flac", "bitrate", "128000")), 400, "bitrate");
    }

    @Test
    void trackIdWithPathCharactersIsRefused() throws IOException {
        refused(submit(wav(), StreamApi.fields("track_id", "../../etc")), 400, "track_id");
    }

    @Test
    void unknownJobIsNotFound() throws IOException {
        refused(new StreamApi(base).get("v1/stream/job/550e8400-e29b-41d4-a716-446655440000"), 404, "no job");
    }

    @Test
    void malformedJobIdIsNotFound() throws IOException {
        HttpResponse<String> response = new StreamApi(base).get("v1/stream/job/not-a-uuid%3Cscript%3E");
        refused(response, 404, "no job");
        assertFalse(response.body().contains("<script>"), "the id is not echoed");
    }
}
