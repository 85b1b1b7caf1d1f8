package io.streamserver.monitoring.control;

import io.streamserver.transcoding.entity.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Counts over the job table, read at each health probe or metrics scrape. */
@ApplicationScoped
public class JobStatistics {

    /** The transcode speed is measured over this many most recently completed jobs. */
    static final int RECENT_JOBS = 100;

    @PersistenceContext
    EntityManager em;

    public long total() {
        return em.createQuery("SELECT COUNT(j) FROM TranscodeJob j", Long.class).getSingleResult();
    }

    public long count(JobStatus status) {
        return em.createQuery("SELECT COUNT(j) FROM TranscodeJob j WHERE j.status = :status", Long.class)
                .setParameter("status", status).getSingleResult();
    }

    /** Wall-clock seconds spent per second of source audio, over recently completed jobs; 0 before the first. */
    public double transcodeSecondsPerAudioSecond() {
        List<Object[]> rows = em.createQuery("SELECT j.startedAt, j.completedAt, j.source.durationSeconds "
                        + "FROM TranscodeJob j WHERE j.status = :status ORDER BY j.completedAt DESC", Object[].class)
                .setParameter("status", JobStatus.Completed)
                .setMaxResults(RECENT_JOBS)
                .getResultList();
        return ratio(rows);
    }

    static double ratio(List<Object[]> rows) {
        double spent = 0;
        double audio = 0;
        for (Object[] row : rows) {
            if (row[0] instanceof Instant started && row[1] instanceof Instant completed && row[2] instanceof Number seconds) {
                spent += Duration.between(started, completed).toMillis() / 1000.0;
                audio += seconds.doubleValue();
            }
        }
        return audio > 0 ? spent / audio : 0;
    }
}
