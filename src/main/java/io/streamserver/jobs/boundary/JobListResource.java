package io.streamserver.jobs.boundary;

import io.streamserver.jobs.control.JobView;
import io.streamserver.jobs.control.JobListing;
import io.streamserver.security.control.Caller;
import io.streamserver.security.control.Callers;
import io.streamserver.security.control.PlaybackTokens;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** GET /v1/stream/jobs: the jobs, newest first, filtered by status and priority, a page at a time. */
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class JobListResource {

    @Inject
    JobListing listing;

    @Inject
    Callers callers;

    @Inject
    PlaybackTokens playback;

    @Context
    SecurityContext security;

    /** Parameters arrive as text so that a bad limit gets the API's 400, not JAX-RS's 404. */
    @GET
    @Transactional
    public JobPageView jobs(@QueryParam("status") String status, @QueryParam("priority") String priority,
                            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        JobListQuery query = JobListQuery.of(status, priority, limit, cursor);
        Caller caller = callers.of(security);
        return JobPageView.of(listing.page(query.statuses(), query.priorities(), query.limit(), query.after(),
                        caller.seesAll() ? null : caller.subject()),
                job -> JobView.of(job, playback.urls(job.id())));
    }
}
