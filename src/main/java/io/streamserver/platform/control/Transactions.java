package io.streamserver.platform.control;

import jakarta.enterprise.context.Dependent;
import jakarta.transaction.Transactional;

import java.util.function.Supplier;

/**
 * Transaction demarcation for the callers that the container does not intercept: batch artifacts and scheduled
 * tasks, which must commit one step, run ffmpeg outside any transaction, then commit the next. JAX-RS resources
 * carry {@code @Transactional} themselves.
 * <p>
 * Dependent, so that each user has its own instance and with it its own transaction interceptor: Payara's interceptor
 * keeps the caller's transaction-operations state in an instance field, and concurrent calls through one shared
 * instance left a batch thread unable to begin its next chunk ("Operation not allowed").
 */
@Dependent
public class Transactions {

    /** Runs the work in the caller's transaction, or in a new one when there is none. */
    @Transactional
    public <T> T call(Supplier<T> work) {
        return work.get();
    }

    @Transactional
    public void run(Runnable work) {
        work.run();
    }

    /** Runs the work in a transaction of its own that commits before this returns, whatever the caller's. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void runAlone(Runnable work) {
        work.run();
    }
}
