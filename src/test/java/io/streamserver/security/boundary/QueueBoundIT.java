package io.streamserver.security.boundary;

import io.streamserver.Deployments;
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
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STREAM_MAX_QUEUED bounds the unfinished jobs: here one, so a second submission waits its turn. Its own server. */
@ExtendWith(ArquillianExtension.class)
class QueueBoundIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.server(Map.of("stream.max-queued", "1"));
    }

    @Test
    void aSubmissionBeyondTheQueueBoundGetsServiceUnavailableWithRetryAfter() throws IOException {
        StreamApi api = new StreamApi(base);
        // 20 minutes of audio: far longer to encode than the next submission takes
        Path longAudio = TestAudio.sineWav("sine-20min-8k.wav", 1200, 8_000, 1);
        String running = api.submitted(longAudio);

        // a few bytes: the refusal comes before the body is read, and a client still sending a large body when
        // the server answers and closes may never see the answer
        HttpResponse<String> refused = api.submit(TestAudio.textFile("queued.wav", "RIFF"), Map.of());
        String status = api.job(running).getString("status");
        assertTrue(status.equals("Pending") || status.equals("Processing"), "the first job still runs: " + status);
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("service_unavailable", StreamApi.json(refused).getString("error"));
        assertTrue(StreamApi.json(refused).getString("message").contains("STREAM_MAX_QUEUED"), refused.body());
        assertTrue(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()) > 0);
    }
}
