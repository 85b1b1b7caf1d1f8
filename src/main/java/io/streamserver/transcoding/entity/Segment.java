package io.streamserver.transcoding.entity;

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

    /** A segment is identified by its job and its sequence number, so no job can record one twice. */
    public static class Key implements Serializable {
        private String job;
        private int sequence;

        public Key() {
        }

        public Key(String job, int sequence) {
            this.job = job;
            this.sequence = sequence;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.sequence == sequence && Objects.equals(key.job, job);
        }

        @Override
        public int hashCode() {
            return Objects.hash(job, sequence);
        }
    }

    @Id
    @ManyToOne(optional = false)
    @JoinColumn(name = "JOB_ID")
    private TranscodeJob job;

    @Id
    @Column(name = "SEQUENCE_NUMBER")
    private int sequence;

    @Column(name = "FILE_NAME", nullable = false, length = 64)
    private String fileName;

    @Column(name = "DURATION_S", nullable = false)
    private double durationSeconds;

    protected Segment() {
    }

    Segment(TranscodeJob job, int sequence, String fileName, double durationSeconds) {
        this.job = job;
        this.sequence = sequence;
        this.fileName = fileName;
        this.durationSeconds = durationSeconds;
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
}
