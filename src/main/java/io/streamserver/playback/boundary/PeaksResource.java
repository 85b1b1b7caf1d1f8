package io.streamserver.playback.boundary;

import io.streamserver.jobs.control.Jobs;
import io.streamserver.jobs.entity.JobStatus;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.platform.control.Transactions;
import io.streamserver.playback.control.Peaks;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.io.InputStream;

/** GET /v1/stream/job/{id}/peaks.json: a completed job's waveform, as the encode wrote it. */
@Path("job/{id}/peaks.json")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class PeaksResource {

    @Inject
    Jobs jobs;

    @Inject
    Peaks peaks;

    @Inject
    Transactions transactions;

    /** The job is read in a transaction of its own, and the peaks after it: with a bucket they come over the network. */
    @GET
    public InputStream peaks(@PathParam("id") String id) {
        String jobId = transactions.call(() -> {
            TranscodeJob job = jobs.requested(id);
            if (job.status() != JobStatus.Completed || job.outputExpired()) {
                throw new NotFoundException("no waveform: the job has no output to draw");
            }
            return job.id();
        });
        return peaks.of(jobId)
                .orElseThrow(() -> new NotFoundException("no waveform: the encode wrote no peaks for this job"));
    }
}
