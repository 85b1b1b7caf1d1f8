package io.streamserver.transcoding.boundary;

import io.streamserver.security.control.PlaybackTokens;
import io.streamserver.transcoding.control.Dispatcher;
import io.streamserver.transcoding.control.JobLifecycle;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.io.IOException;

/** A job: its state and progress, once or as Server-Sent Events until it is done; cancel and retry. */
@Path("job")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    @Inject
    JobLifecycle lifecycle;

    @Inject
    Dispatcher dispatcher;

    @Inject
    PlaybackTokens playback;

    @Inject
    JobEvents events;

    @GET
    @Path("{id}")
    public JobView job(@PathParam("id") String id) {
        return lifecycle.find(id)
                .map(this::view)
                .orElseThrow(JobsResource::notFound);
    }

    /** Cancels a queued or running job; repeating it changes nothing. */
    @DELETE
    @Path("{id}")
    public JobView cancel(@PathParam("id") String id) throws IOException {
        return view(dispatcher.cancel(lifecycle.find(id).orElseThrow(JobsResource::notFound).id()));
    }

    /** Runs a failed or cancelled job again; a failed job resumes from its last checkpoint. */
    @POST
    @Path("{id}/retry")
    public JobView retry(@PathParam("id") String id) {
        return view(dispatcher.retry(lifecycle.find(id).orElseThrow(JobsResource::notFound).id()));
    }

    private JobView view(TranscodeJob job) {
        return JobView.of(job, playback.hlsUrl(job.id()));
    }

    private static NotFoundException notFound() {
        return new NotFoundException("no job with that id");
    }

    /** Event "job" with the job's JSON on every change, at most every 250 ms; the last one is the final state. */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        events.watch(id, sink, sse);
    }
}
