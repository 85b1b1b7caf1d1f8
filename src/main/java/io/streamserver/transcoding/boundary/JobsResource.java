package io.streamserver.transcoding.boundary;

import io.streamserver.transcoding.control.JobLifecycle;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** GET /v1/stream/job/{id}: a job's state and progress, once or as Server-Sent Events until it is done. */
@Path("job")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    @Inject
    JobLifecycle lifecycle;

    @Inject
    JobEvents events;

    @GET
    @Path("{id}")
    public JobView job(@PathParam("id") String id) {
        return lifecycle.find(id)
                .map(JobView::of)
                .orElseThrow(() -> new NotFoundException("no job with that id"));
    }

    /** Event "job" with the job's JSON on every change, at most every 250 ms; the last one is the final state. */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        events.watch(id, sink, sse);
    }
}
