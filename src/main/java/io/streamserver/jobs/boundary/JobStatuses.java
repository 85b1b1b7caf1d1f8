package io.streamserver.jobs.boundary;

import io.streamserver.jobs.control.JobView;
import io.streamserver.jobs.control.Jobs;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.platform.control.Uuids;
import io.streamserver.security.control.PlaybackTokens;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.EntityTag;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A job's status JSON as GET /v1/stream/job/{id} sends it, with a strong ETag over its bytes: read in one query
 * without a transaction, and for a job in a final state kept for a second, so that hard polling of finished jobs
 * costs no read at all. Another server's retry or the retention shows here within that second; a retry here at once.
 */
@ApplicationScoped
public class JobStatuses {

    /** The request attribute under which the ownership filter leaves its read for the resource. */
    static final String READ = JobStatuses.class.getName();
    private static final long KEPT_NANOS = 1_000_000_000L;
    private static final int MAX_KEPT = 10_000;

    /** What a status answer needs: the owner for the ownership check, the JSON and its tag. */
    public record Status(String owner, byte[] json, EntityTag tag, boolean isFinal, long readAt) {
    }

    @Inject
    Jobs jobs;

    @Inject
    PlaybackTokens playback;

    private final Jsonb jsonb = JsonbBuilder.create();
    private final Map<String, Status> finished = new ConcurrentHashMap<>();

    /** The job's status, or empty for an unknown or malformed id. */
    public Optional<Status> of(String jobId) {
        if (!Uuids.isUuid(jobId)) {
            return Optional.empty();
        }
        String id = Uuids.canonical(jobId);
        Status kept = finished.get(id);
        if (kept != null && System.nanoTime() - kept.readAt() < KEPT_NANOS) {
            return Optional.of(kept);
        }
        Optional<Status> read = jobs.status(id).map(this::status);
        if (read.isPresent() && read.get().isFinal()) {
            if (finished.size() >= MAX_KEPT) {
                finished.clear();
            }
            finished.put(id, read.get());
        } else {
            finished.remove(id);
        }
        return read;
    }

    /** A change made here (a retry) shows at once. */
    public void forget(String jobId) {
        if (Uuids.isUuid(jobId)) {
            finished.remove(Uuids.canonical(jobId));
        }
    }

    private Status status(TranscodeJob job) {
        byte[] json = jsonb.toJson(JobView.of(job, playback.urls(job.id()))).getBytes(StandardCharsets.UTF_8);
        return new Status(job.owner(), json, new EntityTag(digest(json)), job.status().isFinal(), System.nanoTime());
    }

    /** A strong validator: the JSON's SHA-256, so that any change of a field changes it. */
    static String digest(byte[] json) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(json);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 27);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            // nothing held that outlives the application
        }
    }
}
