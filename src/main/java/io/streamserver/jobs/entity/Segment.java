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

/** One committed HLS media segment: its file is complete and in the job's folder. */
@Entity
@Table(name = "SEGMENT")
@IdClass(Segment.Key.class)
public class Segment {

    /** A segment is identified by its job, rendition and sequence number, so no job can record one twice. */
    public static class Key implements Serializable {
        private String job;
        private String rendition;
        private int sequence;

        public Key() {
        }

        public Key(String job, String rendition, int sequence) {
            this.job = job;
            this.rendition = rendition;
            this.sequence = sequence;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.sequence == sequence && Objects.equals(key.job, job)
                    && Objects.equals(key.rendition, rendition);
        }

        @Override
        public int hashCode() {
            return Objects.hash(job, rendition, sequence);
        }
    }

    @Id
    @ManyToOne(optional = false)
    @JoinColumn(name = "JOB_ID")
    private TranscodeJob job;

    @Id
    @Column(name = "RENDITION", length = 16)
    private String rendition;

    @Id
    @Column(name = "SEQUENCE_NUMBER")
    private int sequence;

    @Column(name = "FILE_NAME", nullable = false, length = 64)
    private String fileName;

    @Column(name = "DURATION_S", nullable = false)
    private double durationSeconds;

    /** The file's size, from which a ladder's BANDWIDTH is measured. */
    @Column(name = "SIZE_BYTES", nullable = false)
    private long bytes;

    protected Segment() {
    }

    Segment(TranscodeJob job, String rendition, int sequence, String fileName, double durationSeconds, long bytes) {
        this.job = job;
        this.rendition = rendition;
        this.sequence = sequence;
        this.fileName = fileName;
        this.durationSeconds = durationSeconds;
        this.bytes = bytes;
    }

    public String rendition() {
        return rendition;
    }

    public int sequence() {
        return sequence;
    }

    public String fileName() {
        return fileName;
    }

    public double durationSeconds() {
        return durationSeconds;
    }

    public long bytes() {
        return bytes;
    }
}
