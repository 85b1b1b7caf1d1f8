package io.streamserver.monitoring.boundary;

import io.streamserver.jobs.control.QueueDepth;
import io.streamserver.monitoring.control.JobStatistics;
import io.streamserver.monitoring.control.TimeWindow;
import io.streamserver.security.control.Caller;
import io.streamserver.security.control.Callers;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.time.Instant;

/**
 * GET /v1/stream/stats: the console's overview, counted by the database. With authentication on, a caller counts
 * the jobs it may see: its own, or every job for the admin role.
 */
@Path("stats")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class StatsResource {

    @Inject
    JobStatistics statistics;

    @Inject
    QueueDepth queueDepth;

    @Inject
    Callers callers;

    @Context
    SecurityContext security;

    @GET
    @Transactional
    public StatsView stats(@QueryParam("window") String window) {
        TimeWindow span = TimeWindow.parse(window)
                .orElseThrow(() -> new BadRequestException("window: must be hour or day"));
        Caller caller = callers.of(security);
        String owner = caller.seesAll() ? null : caller.subject();
        Instant now = Instant.now();
        return StatsView.of(now, statistics.countsByStatus(span.start(now), owner), statistics.queueByPriority(owner),
                queueDepth.limit(), span, statistics.finished(span, now, owner));
    }
}
