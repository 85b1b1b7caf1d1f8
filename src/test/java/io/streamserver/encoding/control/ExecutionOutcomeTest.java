package io.streamserver.encoding.control;

import jakarta.batch.runtime.BatchStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.streamserver.encoding.control.ExecutionOutcome.of;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The job listener's transitions: what the end of a batch execution makes of its job. */
class ExecutionOutcomeTest {

    @ParameterizedTest
    @EnumSource(BatchStatus.class)
    void aCancelUnderThisClaimWinsWhateverTheExecutionReports(BatchStatus status) {
        assertEquals(ExecutionOutcome.CANCELLED, of(true, false, false, status));
        assertEquals(ExecutionOutcome.CANCELLED, of(true, false, true, status));
    }

    @ParameterizedTest
    @EnumSource(BatchStatus.class)
    void aJobThatAnotherServerTookOverIsLeftToIt(BatchStatus status) {
        assertEquals(ExecutionOutcome.LOST, of(false, false, false, status));
        assertEquals(ExecutionOutcome.LOST, of(false, false, true, status));
    }

    @ParameterizedTest
    @EnumSource(BatchStatus.class)
    void aServerThatStopsPutsItsHeldJobsBackInTheQueueEvenFailed(BatchStatus status) {
        assertEquals(ExecutionOutcome.INTERRUPTED, of(false, true, true, status));
    }

    @Test
    void aHeldJobFollowsItsBatchStatus() {
        assertEquals(ExecutionOutcome.FAILED, of(false, true, false, BatchStatus.FAILED));
        assertEquals(ExecutionOutcome.STOPPED, of(false, true, false, BatchStatus.STOPPING));
        assertEquals(ExecutionOutcome.STOPPED, of(false, true, false, BatchStatus.STOPPED));
    }

    /** JBatch still reports STARTED in the listener's afterJob for an execution that succeeded. */
    @Test
    void aHeldJobWhoseExecutionDidNotFailOrStopCompletes() {
        assertEquals(ExecutionOutcome.COMPLETED, of(false, true, false, BatchStatus.STARTED));
        assertEquals(ExecutionOutcome.COMPLETED, of(false, true, false, BatchStatus.COMPLETED));
    }
}
