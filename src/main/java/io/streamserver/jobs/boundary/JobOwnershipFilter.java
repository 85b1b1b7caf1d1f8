package io.streamserver.jobs.boundary;

import io.streamserver.jobs.control.NoSuchJobException;
import io.streamserver.security.control.Caller;
import io.streamserver.security.control.Callers;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import java.util.Optional;

/**
 * With STREAM_AUTH_ENABLED, a job is visible only to its owner and to the admin role: for anyone else, every
 * /job/{id}/... answer is 404, exactly as for a job that does not exist. Runs after the security component has
 * required a valid token.
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 50)
public class JobOwnershipFilter implements ContainerRequestFilter {

    @Inject
    Callers callers;

    @Inject
    JobStatuses statuses;

    @Override
    public void filter(ContainerRequestContext request) {
        String jobId = request.getUriInfo().getPathParameters().getFirst("id");
        String path = request.getUriInfo().getPath();
        if (!callers.enabled() || jobId == null || !(path.startsWith("job/") || path.startsWith("/job/"))) {
            return;
        }
        Caller caller = callers.of(request.getSecurityContext());
        if (caller == null) {
            return;
        }
        // the status resource answers from this same read rather than reading the job again
        Optional<JobStatuses.Status> status = statuses.of(jobId);
        if (status.filter(job -> !caller.mayAccess(job.owner())).isPresent()) {
            throw new NoSuchJobException();
        }
        status.ifPresent(read -> request.setProperty(JobStatuses.READ, read));
    }
}
