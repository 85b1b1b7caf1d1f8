package io.streamserver.console.boundary;

import io.streamserver.console.control.FfmpegLogs;
import io.streamserver.jobs.control.Jobs;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** GET /v1/stream/job/{id}/log: ffmpeg's standard error for the job, so that a failure can be read in full. */
@Path("job/{id}/log")
public class FfmpegLogResource {

    @Inject
    Jobs jobs;

    @Inject
    FfmpegLogs logs;

    @GET
    @Produces(MediaType.TEXT_PLAIN + ";charset=utf-8")
    public String log(@PathParam("id") String id) {
        String jobId = jobs.requested(id).id();
        return logs.tail(jobId).orElseThrow(() -> new NotFoundException("no ffmpeg log: the job has not run ffmpeg yet"));
    }
}
