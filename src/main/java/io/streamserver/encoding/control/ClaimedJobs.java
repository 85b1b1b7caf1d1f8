package io.streamserver.encoding.control;

import io.streamserver.jobs.control.Jobs;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.workers.control.Dispatcher;
import io.streamserver.workers.control.Leases;
import io.streamserver.workers.control.LocalServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The job as its batch execution may touch it: only under this server's claim of the execution's epoch (a job
 * parameter), which a takeover or a cancel revokes. Every write of the batch artifacts goes through here.
 */
@ApplicationScoped
public class ClaimedJobs {

    @Inject
    Jobs jobs;

    @Inject
    Leases leases;

    @Inject
    LocalServer server;

    @Inject
    Dispatcher dispatcher;

    /** The job, locked in the caller's transaction, for a write; a LeaseLostException once the claim no longer holds. */
    public TranscodeJob held(String jobId, String epoch) {
        return jobs.heldBy(jobId, server.name(), Long.parseLong(epoch));
    }

    public boolean isHeld(TranscodeJob job, String epoch) {
        return job.isHeldBy(server.name(), Long.parseLong(epoch));
    }

    public boolean wasCancelled(TranscodeJob job, String epoch) {
        return job.wasCancelledUnder(server.name(), Long.parseLong(epoch));
    }

    /** Confirms that the cancelled job's work under this claim has stopped. */
    public void release(String jobId, String epoch) {
        leases.release(jobId, server.name(), Long.parseLong(epoch));
    }

    /** One of the claim's encoders has exited, and its slot may go to the next job. */
    public void encoderExited(String jobId, String epoch) {
        dispatcher.encoderExited(jobId, Long.parseLong(epoch));
    }

    /** Whether the server is shutting down: a job interrupted now resumes later, elsewhere or here. */
    public boolean serverStopping() {
        return server.isStopping();
    }
}
