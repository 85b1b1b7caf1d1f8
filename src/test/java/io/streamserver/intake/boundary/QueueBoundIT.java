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
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * STREAM_MAX_QUEUED bounds the jobs waiting for a worker: here one worker and one waiting job, so a third
 * submission is turned away while the first two are unfinished. Its own server, since the bound is global.
 */
@ExtendWith(ArquillianExtension.class)
class QueueBoundIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.serverWith(Map.of("stream.max-queued", "1", "stream.workers", "1"));
    }

    @Test
    void aSubmissionBeyondTheQueueBoundGetsServiceUnavailableWithRetryAfter() throws IOException {
        StreamApi api = new StreamApi(base);
        // 20 minutes of silence, far longer to encode than the next submissions take, in 10 kB of FLAC: the
        // refusal comes before the body is read, and a client still sending a large body may miss the answer
        Path longAudio = TestAudio.folder().resolve("silence-20min.flac");
        TestAudio.run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "1200",
                "-c:a", "flac", "-frame_size", "65535", longAudio.toString()));
        List<String> accepted = new ArrayList<>();
        try {
            assertRefusedBeyondTheBound(api, longAudio, accepted);
        } finally {
            for (String job : accepted) {
                api.cancel(job);
            }
        }
    }

    private static void assertRefusedBeyondTheBound(StreamApi api, Path longAudio, List<String> accepted) throws IOException {
        HttpResponse<String> refused = null;
        // the first job may still be waiting for the dispatcher when the second arrives: then the second is refused
        for (int attempt = 0; attempt < 3 && refused == null; attempt++) {
            HttpResponse<String> answer = api.submit(longAudio, Map.of());
            if (answer.statusCode() == 200) {
                accepted.add(StreamApi.json(answer).getString("job_id"));
            } else {
                refused = answer;
            }
        }
        assertTrue(refused != null, "never refused; accepted " + accepted);
        assertTrue(accepted.size() >= 1 && accepted.size() <= 2, "accepted " + accepted);
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("service_unavailable", StreamApi.json(refused).getString("error"));
        assertTrue(StreamApi.json(refused).getString("message").contains("STREAM_MAX_QUEUED"), refused.body());
        assertTrue(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()) > 0);
        long waiting = 0;
        for (String job : accepted) {
            JsonObject state = api.job(job);
            assertTrue(List.of("Pending", "Processing").contains(state.getString("status")), state.toString());
            waiting += state.getString("status").equals("Pending") ? 1 : 0;
        }
        assertEquals(1, waiting, "the refusal came with one job waiting");
    }
}
