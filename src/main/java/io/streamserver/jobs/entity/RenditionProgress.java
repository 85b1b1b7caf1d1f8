package io.streamserver.jobs.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * How far one rendition's encode has got: its last recorded segment and the seconds its segments cover. A row of its
 * own, written only by the partition that encodes the rendition, so that recording a segment touches neither the
 * job's row nor the earlier segments, and a ladder's partitions never contend.
 */
@Entity
@Table(name = "RENDITION_PROGRESS")
@IdClass(RenditionProgress.Key.class)
public class RenditionProgress {

    /** A job's rendition has one progress. */
    public static class Key implements Serializable {
        private String job;
        private String rendition;

        public Key() {
        }

        public Key(String job, String rendition) {
            this.job = job;
            this.rendition = rendition;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(key.job, job) && Objects.equals(key.rendition, rendition);
        }

        @Override
        public int hashCode() {
            return Objects.hash(job, rendition);
        }
    }

    @Id
    @ManyToOne(optional = false)
    @JoinColumn(name = "JOB_ID")
    private TranscodeJob job;

    @Id
    @Column(name = "RENDITION", length = 16)
    private String rendition;

    @Column(name = "LAST_SEQUENCE", nullable = false)
    private int lastSequence;

    @Column(name = "COVERED_S", nullable = false)
    private double coveredSeconds;

    protected RenditionProgress() {
    }

    RenditionProgress(TranscodeJob job, String rendition) {
        this.job = Objects.requireNonNull(job);
        this.rendition = Objects.requireNonNull(rendition);
    }

    /**
     * The next complete segment, unless its sequence number is already recorded, as when a restarted encode offers
     * it again: then nothing changes.
     */
    Optional<Segment> advance(int sequence, String fileName, double durationSeconds, long bytes) {
        if (sequence <= lastSequence) {
            return Optional.empty();
        }
        lastSequence = sequence;
        coveredSeconds += durationSeconds;
        return Optional.of(new Segment(job, rendition, sequence, fileName, durationSeconds, bytes));
    }

    public String rendition() {
        return rendition;
    }

    /** The highest recorded sequence number, or 0 before the first segment. */
    public int lastSequence() {
        return lastSequence;
    }

    public double coveredSeconds() {
        return coveredSeconds;
    }
}
