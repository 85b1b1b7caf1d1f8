package io.streamserver.transcoding.boundary;

import io.streamserver.security.control.PlaybackTokens;
import io.streamserver.transcoding.control.JobLifecycle;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** GET /v1/stream/job/{id}: a job's state and progress. */
@Path("job")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    @Inject
    JobLifecycle lifecycle;

    @Inject
    PlaybackTokens playback;

    @GET
    @Path("{id}")
    public JobView job(@PathParam("id") String id) {
        return lifecycle.find(id)
                .map(job -> JobView.of(job, playback.hlsUrl(job.id())))
                .orElseThrow(() -> new NotFoundException("no job with that id"));
    }
}
