package io.streamserver.intake.boundary;

import io.streamserver.jobs.entity.TranscodeJob;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** The answer to a submission, as the API contract shapes it. */
@JsonbPropertyOrder({"jobId", "status", "message"})
public record SubmissionView(@JsonbProperty("job_id") String jobId, String status, String message) {

    private static final Jsonb JSON = JsonbBuilder.create();

    static SubmissionView of(TranscodeJob job) {
        return new SubmissionView(job.id(), "queued", "Job submitted successfully");
    }

    /** The answer as the JSON text that is sent, and kept for the repeats of a request with an idempotency key. */
    String json() {
        return JSON.toJson(this);
    }
}
