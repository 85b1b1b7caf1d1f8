package io.streamserver.transcoding.control;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.lang.System.Logger.Level;
import java.util.Properties;

/**
 * Starts the transcode-to-hls batch job of a committed job. Never call it inside a transaction:
 * the batch thread inherits that context, and its chunk transactions would be refused.
 */
@ApplicationScoped
public class BatchLauncher {

    public static final String JOB_NAME = "transcode-to-hls";
    private static final System.Logger LOG = System.getLogger(BatchLauncher.class.getName());

    @Inject
    JobLifecycle lifecycle;

    public void start(String jobId) {
        try {
            Properties parameters = new Properties();
            parameters.setProperty("jobId", jobId);
            long execution = operator().start(JOB_NAME, parameters);
            LOG.log(Level.INFO, "job {0}: batch execution {1} started", jobId, execution);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "job " + jobId + ": the batch job could not start", e);
            lifecycle.failed(jobId, "the batch job could not start: " + e.getMessage());
        }
    }

    static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
