package io.streamserver.jobs.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A server's claim on a job: who holds it, under which epoch, and until when unless renewed. The epoch grows with
 * every claim and is the fencing token that each write of the holder must still match, so a server that lost the job
 * (a pause past its lease, a network split) writes nothing more once another holds it.
 */
@Embeddable
public class Lease {

    /** The server instance that holds the job, or last held it. */
    @Column(name = "CLAIMED_BY", length = 128)
    private String claimedBy;

    @Column(name = "EPOCH", nullable = false)
    private long epoch;

    /** Until when the holder's claim stands unless it renews it; null while no server holds the job. */
    @Column(name = "LEASE_EXPIRES_AT")
    private Instant expiresAt;

    /** A new claim by that instance, under the next epoch, which stands for that long. */
    long claim(String instance, Instant now, Duration duration) {
        claimedBy = Objects.requireNonNull(instance);
        epoch++;
        expiresAt = now.plus(duration);
        return epoch;
    }

    /** Whether this is the claim of that instance under that epoch. */
    boolean isOf(String instance, long claimEpoch) {
        return epoch == claimEpoch && Objects.equals(claimedBy, instance);
    }

    /** Whether the claim no longer stands (a job of before leases has none). */
    boolean hasExpired(Instant now) {
        return expiresAt == null || expiresAt.isBefore(now);
    }

    /** Whether the claim still stands: its holder has not let it lapse, nor given it up. */
    boolean stands(Instant now) {
        return expiresAt != null && expiresAt.isAfter(now);
    }

    void renew(Instant until) {
        expiresAt = until;
    }

    /** The holder gives the claim up; who held it, and under which epoch, stays on record. */
    void end() {
        expiresAt = null;
    }

    String holder() {
        return claimedBy;
    }

    long epoch() {
        return epoch;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "held by " + claimedBy + " under epoch " + epoch;
    }
}
