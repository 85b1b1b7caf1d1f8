package io.streamserver.security.control;

import io.streamserver.transcoding.entity.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Arrays;
import java.util.List;

/**
 * Bounds the backlog: beyond STREAM_MAX_QUEUED unfinished jobs (waiting or encoding), submissions are refused.
 * Running jobs count too, because the batch runtime starts jobs at once, so "waiting" alone is nearly always zero.
 */
@ApplicationScoped
public class QueueDepth {

    private static final List<JobStatus> UNFINISHED = Arrays.stream(JobStatus.values()).filter(s -> !s.isFinal()).toList();

    @PersistenceContext
    EntityManager em;

    @Inject
    @ConfigProperty(name = "stream.max-queued")
    long maxQueued;

    public boolean full() {
        long unfinished = em.createQuery("select count(j) from TranscodeJob j where j.status in :unfinished", Long.class)
                .setParameter("unfinished", UNFINISHED)
                .getSingleResult();
        return unfinished >= maxQueued;
    }

    public long limit() {
        return maxQueued;
    }
}
