package io.streamserver.transcoding.control;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentWriterTest {

    @Test
    void aLostRaceOnTheJobsVersionIsRecognisedHoweverWrapped() {
        assertTrue(SegmentWriter.isOptimisticLock(new OptimisticLockException()));
        assertTrue(SegmentWriter.isOptimisticLock(new IllegalStateException(new RollbackException() {{
            initCause(new OptimisticLockException("version changed"));
        }})));
    }

    @Test
    void otherFailuresAreNotRetried() {
        assertFalse(SegmentWriter.isOptimisticLock(new PersistenceException("disk full")));
        assertFalse(SegmentWriter.isOptimisticLock(new IllegalStateException("cannot record a segment for a job that is Cancelled")));
    }
}
