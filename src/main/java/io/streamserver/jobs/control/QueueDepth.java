package io.streamserver.jobs.control;

import io.streamserver.jobs.entity.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Bounds the backlog: with STREAM_MAX_QUEUED jobs waiting for a worker (Pending), submissions are refused. */
@ApplicationScoped
public class QueueDepth {

    @PersistenceContext
    EntityManager em;

    @Inject
    @ConfigProperty(name = "stream.max-queued")
    long maxQueued;

    public boolean full() {
        long waiting = em.createQuery("SELECT COUNT(j) FROM TranscodeJob j WHERE j.status = :pending", Long.class)
                .setParameter("pending", JobStatus.Pending)
                .getSingleResult();
        return waiting >= maxQueued;
    }

    public long limit() {
        return maxQueued;
    }
}
