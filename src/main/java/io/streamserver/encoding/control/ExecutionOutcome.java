package io.streamserver.encoding.control;

import jakarta.batch.runtime.BatchStatus;

/** Where a batch execution's end leaves its job, and so what the job's listener does with the job and its files. */
enum ExecutionOutcome {
    /** Cancelled under this claim: the files go, and the release tells the cancel that the work has stopped. */
    CANCELLED,
    /** Another server holds the job now: this one writes nothing more. */
    LOST,
    /** The server is stopping: the job goes back to the queue and resumes. */
    INTERRUPTED,
    FAILED,
    /** Stopped through the batch runtime, not the API: the job fails and keeps its output for a look. */
    STOPPED,
    COMPLETED;

    /**
     * The outcome, in order of precedence: what the job's row says of this claim first, as a cancel or a takeover may
     * have ended the execution, then the server's state, then the batch status, which JBatch still reports as STARTED
     * for an execution that succeeded.
     */
    static ExecutionOutcome of(boolean cancelledUnderThisClaim, boolean heldUnderThisClaim, boolean serverStopping,
                               BatchStatus status) {
        if (cancelledUnderThisClaim) {
            return CANCELLED;
        }
        if (!heldUnderThisClaim) {
            return LOST;
        }
        if (serverStopping) {
            return INTERRUPTED;
        }
        if (status == BatchStatus.FAILED) {
            return FAILED;
        }
        if (status == BatchStatus.STOPPING || status == BatchStatus.STOPPED) {
            return STOPPED;
        }
        return COMPLETED;
    }
}
