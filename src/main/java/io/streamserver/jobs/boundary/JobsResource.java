package io.streamserver.jobs.boundary;

import io.streamserver.jobs.control.Cancellation;
import io.streamserver.jobs.control.Discarding;
import io.streamserver.jobs.control.JobQueued;
import io.streamserver.jobs.control.JobView;
import io.streamserver.jobs.control.Jobs;
import io.streamserver.jobs.control.NoSuchJobException;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.security.control.PlaybackTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.io.IOException;

/** A job: its state and progress, once or as Server-Sent Events until it is done; cancel, retry and discard. */
@Path("job")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class JobsResource {

    @Inject
    Jobs jobs;

    @Inject
    Cancellation cancellation;

    @Inject
    Discarding discarding;

    @Inject
    Event<JobQueued> queued;

    @Inject
    PlaybackTokens playback;

    @Inject
    JobEvents events;

    @Inject
    JobStatuses statuses;

    /**
     * The job's JSON with a strong ETag; If-None-Match with the current tag answers 304. The ownership filter's read,
     * when authentication made one, is reused rather than read again.
     */
    @GET
    @Path("{id}")
    public Response job(@PathParam("id") String id, @Context Request request, @Context HttpServletRequest servlet) {
        JobStatuses.Status status = servlet.getAttribute(JobStatuses.READ) instanceof JobStatuses.Status read ? read
                : statuses.of(id).orElseThrow(NoSuchJobException::new);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(status.tag());
        return (unchanged != null ? unchanged : Response.ok(status.json(), MediaType.APPLICATION_JSON_TYPE))
                .tag(status.tag()).build();
    }

    /** Cancels a queued or running job, its ffmpeg killed before the answer; repeating it changes nothing. */
    @DELETE
    @Path("{id}")
    public JobView cancel(@PathParam("id") String id) throws IOException {
        return view(cancellation.cancel(id).orElseThrow(NoSuchJobException::new));
    }

    /** Runs a failed or cancelled job again; a failed job resumes after its last recorded segment. */
    @POST
    @Path("{id}/retry")
    @Transactional
    public JobView retry(@PathParam("id") String id) {
        TranscodeJob job = jobs.findForUpdate(id).orElseThrow(NoSuchJobException::new);
        job.retry();
        statuses.forget(job.id());
        queued.fire(new JobQueued(job.id()));
        return view(job);
    }

    /**
     * Discards a completed, failed or cancelled job with its files (output, ffmpeg log, upload): afterwards the job is
     * 404. A queued or running job is refused with 409; cancel it first.
     */
    @POST
    @Path("{id}/discard")
    public Response discard(@PathParam("id") String id) throws IOException {
        String discarded = discarding.discard(id).orElseThrow(NoSuchJobException::new);
        statuses.forget(discarded);
        return Response.noContent().build();
    }

    private JobView view(TranscodeJob job) {
        return JobView.of(job, playback.urls(job.id()));
    }

    /** Event "job" with the job's JSON on every change, at most every 250 ms; the last one is the final state. */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Transactional
    public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        events.watch(id, sink, sse);
    }
}
