package io.streamserver.webhooks.control;

import io.streamserver.jobs.control.JobStateChanged;
import io.streamserver.webhooks.entity.EventType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutboxTest {

    @Test
    void theBodyIsTheStandardWebhooksEnvelopeAroundTheJobsJsonAsItIs() {
        String job = "{\"id\":\"550e8400-e29b-41d4-a716-446655440000\",\"status\":\"Completed\",\"progress\":100.0}";
        String body = Outbox.body(EventType.COMPLETED, Instant.parse("2026-01-27T12:00:00.123Z"), job);
        assertEquals("{\"type\":\"job.completed\",\"timestamp\":\"2026-01-27T12:00:00.123Z\",\"data\":" + job + "}", body);
        JsonObject parsed = Json.createReader(new StringReader(body)).readObject();
        assertEquals(Json.createReader(new StringReader(job)).readObject(), parsed.getJsonObject("data"));
    }

    @Test
    void everyChangeOfAJobHasItsEvent() {
        for (JobStateChanged.Change change : JobStateChanged.Change.values()) {
            assertEquals(change != JobStateChanged.Change.STARTED && change != JobStateChanged.Change.PROGRESSED,
                    Outbox.typeOf(change).isFinal(), change.name());
        }
        assertEquals(EventType.PROGRESS, Outbox.typeOf(JobStateChanged.Change.PROGRESSED));
        assertEquals(EventType.CANCELLED, Outbox.typeOf(JobStateChanged.Change.CANCELLED));
    }
}
