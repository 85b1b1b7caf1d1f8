package io.streamserver.security.boundary;

import io.streamserver.security.control.Callers;
import io.streamserver.security.control.PlaybackTokens;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * With STREAM_AUTH_ENABLED, every API call needs a valid bearer token (verified by MicroProfile JWT); which jobs
 * the caller may see is the business components' own rule. Health and metrics stay open; a job's download also opens
 * with the job's playback token, as its segments do.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class AccessFilter implements ContainerRequestFilter {

    private static final Set<String> OPEN = Set.of("health", "metrics", "openapi");
    /** A job's whole-track download, which its playback token opens as it opens the job's segments. */
    private static final Pattern DOWNLOAD = Pattern.compile("/?job/([0-9a-fA-F-]{36})/download");

    @Inject
    Callers callers;

    @Inject
    PlaybackTokens tokens;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!callers.enabled() || OPEN.contains(firstSegment(request.getUriInfo().getPath()))) {
            return;
        }
        if (callers.of(request.getSecurityContext()) == null && !playbackTokenFor(request)) {
            throw new NotAuthorizedException("a valid bearer token is required (Authorization: Bearer <JWT>)",
                    "Bearer realm=\"stream-server\"");
        }
    }

    /** Whether this is a download with a valid playback token for its job: players and links send no header. */
    private boolean playbackTokenFor(ContainerRequestContext request) {
        Matcher download = DOWNLOAD.matcher(request.getUriInfo().getPath());
        return download.matches()
                && tokens.valid(download.group(1), request.getUriInfo().getQueryParameters().getFirst(PlaybackTokens.PARAMETER));
    }

    private static String firstSegment(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(0, slash);
    }
}
