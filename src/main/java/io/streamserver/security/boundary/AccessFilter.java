package io.streamserver.security.boundary;

import io.streamserver.security.control.Caller;
import io.streamserver.security.control.Callers;
import io.streamserver.transcoding.control.JobLifecycle;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import java.util.Set;

/**
 * With STREAM_AUTH_ENABLED, every API call needs a valid bearer token (verified by MicroProfile JWT), and a job
 * is visible only to its owner and to the admin role: for anyone else, every /job/{id}/... answer is 404,
 * exactly as for a job that does not exist. Health and metrics stay open.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class AccessFilter implements ContainerRequestFilter {

    static final String CALLER = AccessFilter.class.getName() + ".caller";
    private static final Set<String> OPEN = Set.of("health", "metrics", "openapi");

    @Inject
    Callers callers;

    @Inject
    JobLifecycle lifecycle;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!callers.enabled() || OPEN.contains(firstSegment(request.getUriInfo().getPath()))) {
            return;
        }
        Caller caller = callers.of(request.getSecurityContext());
        if (caller == null) {
            throw new NotAuthorizedException("a valid bearer token is required (Authorization: Bearer <JWT>)",
                    "Bearer realm=\"stream-server\"");
        }
        request.setProperty(CALLER, caller);
        String jobId = request.getUriInfo().getPathParameters().getFirst("id");
        if (jobId != null && "job".equals(firstSegment(request.getUriInfo().getPath()))) {
            lifecycle.find(jobId)
                    .filter(job -> !caller.mayAccess(job.owner()))
                    .ifPresent(job -> {
                        throw new NotFoundException("no job with that id");
                    });
        }
    }

    private static String firstSegment(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(0, slash);
    }
}
