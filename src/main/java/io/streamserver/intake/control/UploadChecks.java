package io.streamserver.intake.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Bounds the checks of uploads that run at once: a few slots (one per core by default) and a bounded wait in line
 * beyond them, first come first served; past that an upload is refused at once, rather than piling processes onto the
 * cores until every upload waits long. The request's own thread waits and runs its check, holding no transaction or
 * database connection, so a process's parent-death signal follows a thread that outlives it.
 */
@ApplicationScoped
public class UploadChecks {

    /** What a check is assumed to take until one has been timed: a probe in the sandbox, with room. */
    private static final Duration FIRST_GUESS = Duration.ofMillis(500);

    @Inject
    @ConfigProperty(name = "stream.upload-checks")
    int configuredSlots;

    @Inject
    @ConfigProperty(name = "stream.upload-checks.queue")
    int configuredQueue;

    private int slotCount;
    private int queue;
    private Semaphore slots;
    /** Checks running or waiting for a slot. */
    private final AtomicInteger admitted = new AtomicInteger();
    /** A moving average of how long a check runs, for Retry-After. */
    private final AtomicLong averageNanos = new AtomicLong(FIRST_GUESS.toNanos());

    UploadChecks() {
    }

    /** For unit tests: the slots and the line's length, checked at once. */
    UploadChecks(int slots, int queue) {
        configure(slots, queue);
    }

    @PostConstruct
    void configure() {
        configure(configuredSlots == 0 ? Runtime.getRuntime().availableProcessors() : configuredSlots, configuredQueue);
    }

    private void configure(int slots, int queue) {
        if (slots < 1 || queue < 0) {
            throw new IllegalStateException("stream.upload-checks (STREAM_UPLOAD_CHECKS) must be positive, or 0 for one "
                    + "per core, and stream.upload-checks.queue (STREAM_UPLOAD_CHECKS_QUEUE) at least 0");
        }
        this.slotCount = slots;
        this.queue = queue;
        this.slots = new Semaphore(slots, true);
    }

    /**
     * Runs a check in a free slot, waiting in line for one if need be.
     *
     * @throws UploadChecksBusyException at once, when the slots are taken and the line is full
     */
    public <T> T run(Supplier<T> check) {
        if (admitted.incrementAndGet() > slotCount + queue) {
            admitted.decrementAndGet();
            throw new UploadChecksBusyException("file: " + slotCount + " uploads are being checked and " + queue
                    + " are waiting (STREAM_UPLOAD_CHECKS, STREAM_UPLOAD_CHECKS_QUEUE); try again shortly", retryAfter());
        }
        try {
            slots.acquire();
            long start = System.nanoTime();
            try {
                return check.get();
            } finally {
                slots.release();
                timed(System.nanoTime() - start);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to check the upload", e);
        } finally {
            admitted.decrementAndGet();
        }
    }

    /** About how long a full line takes to clear, at least a second. */
    Duration retryAfter() {
        long rounds = (slotCount + queue + slotCount - 1) / slotCount;
        return Duration.ofNanos(Math.max(Duration.ofSeconds(1).toNanos(), rounds * averageNanos.get()));
    }

    /** Checks running or waiting now. */
    int admitted() {
        return admitted.get();
    }

    private void timed(long nanos) {
        averageNanos.updateAndGet(average -> average + (nanos - average) / 8);
    }
}
