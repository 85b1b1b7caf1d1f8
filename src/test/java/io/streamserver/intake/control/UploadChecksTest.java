package io.streamserver.intake.control;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uploads are checked a few at a time, a bounded line waits for a slot, and beyond it the answer comes at once. */
class UploadChecksTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        callers.shutdown();
        assertTrue(callers.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** A check that holds its slot until released. */
    private String held() {
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            assertTrue(release.await(10, TimeUnit.SECONDS));
            return "checked";
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            running.decrementAndGet();
        }
    }

    private List<CompletableFuture<String>> start(UploadChecks checks, int uploads) {
        List<CompletableFuture<String>> started = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            started.add(CompletableFuture.supplyAsync(() -> checks.run(this::held), callers));
        }
        return started;
    }

    private static void awaitAdmitted(UploadChecks checks, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (checks.admitted() != expected) {
            assertTrue(System.nanoTime() < deadline, "admitted " + checks.admitted() + ", expected " + expected);
            Thread.sleep(5);
        }
    }

    @Test
    void noMoreChecksRunAtOnceThanThereAreSlotsAndTheLineWaits() throws Exception {
        UploadChecks checks = new UploadChecks(2, 3);
        List<CompletableFuture<String>> started = start(checks, 5);
        awaitAdmitted(checks, 5);
        assertEquals(2, running.get(), "two run, three wait");

        release.countDown();
        for (CompletableFuture<String> check : started) {
            assertEquals("checked", check.get(10, TimeUnit.SECONDS));
        }
        assertEquals(2, mostAtOnce.get());
        assertEquals(0, checks.admitted());
    }

    @Test
    void beyondTheLineAnUploadIsRefusedAtOnceWithWhenToRetry() throws Exception {
        UploadChecks checks = new UploadChecks(1, 1);
        List<CompletableFuture<String>> started = start(checks, 2);
        awaitAdmitted(checks, 2);

        UploadChecksBusyException busy = assertThrows(UploadChecksBusyException.class, () -> checks.run(() -> "never"));
        assertTrue(busy.getMessage().startsWith("file: "), busy.getMessage());
        assertTrue(busy.retryAfter().compareTo(Duration.ofSeconds(1)) >= 0, busy.retryAfter().toString());
        assertEquals(2, checks.admitted(), "the refusal took no place in line");

        release.countDown();
        for (CompletableFuture<String> check : started) {
            assertEquals("checked", check.get(10, TimeUnit.SECONDS));
        }
        assertEquals("again", checks.run(() -> "again"), "a slot is free again once the line has cleared");
    }

    @Test
    void aFailedCheckGivesItsSlotBack() {
        UploadChecks checks = new UploadChecks(1, 0);
        assertThrows(IllegalArgumentException.class, () -> checks.run(() -> {
            throw new IllegalArgumentException("not audio");
        }));
        assertEquals(0, checks.admitted());
        assertEquals("next", checks.run(() -> "next"));
    }

    @Test
    void retryAfterGrowsWithTheLineAndTheTimeAChecksTakes() {
        UploadChecks shortLine = new UploadChecks(2, 0);
        UploadChecks longLine = new UploadChecks(2, 40);
        assertEquals(Duration.ofSeconds(1), shortLine.retryAfter(), "at least a second");
        assertTrue(longLine.retryAfter().compareTo(Duration.ofSeconds(5)) > 0, longLine.retryAfter().toString());
    }

    @Test
    void slotsAndLineMustMakeSense() {
        assertThrows(IllegalStateException.class, () -> new UploadChecks(0, 4));
        assertThrows(IllegalStateException.class, () -> new UploadChecks(2, -1));
    }
}
