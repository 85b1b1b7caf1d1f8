package io.streamserver.security.boundary;

import io.streamserver.security.control.Callers;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import java.util.Set;

/**
 * With STREAM_AUTH_ENABLED, every API call needs a valid bearer token (verified by MicroProfile JWT); which jobs
 * the caller may see is the business components' own rule. Health and metrics stay open.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class AccessFilter implements ContainerRequestFilter {

    private static final Set<String> OPEN = Set.of("health", "metrics", "openapi");

    @Inject
    Callers callers;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!callers.enabled() || OPEN.contains(firstSegment(request.getUriInfo().getPath()))) {
            return;
        }
        if (callers.of(request.getSecurityContext()) == null) {
            throw new NotAuthorizedException("a valid bearer token is required (Authorization: Bearer <JWT>)",
                    "Bearer realm=\"stream-server\"");
        }
    }

    private static String firstSegment(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(0, slash);
    }
}
