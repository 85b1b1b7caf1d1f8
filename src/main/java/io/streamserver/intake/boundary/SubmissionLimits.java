package io.streamserver.intake.boundary;

import io.streamserver.intake.control.Uploads;
import io.streamserver.jobs.control.QueueDepth;
import io.streamserver.security.control.Caller;
import io.streamserver.security.control.Callers;
import io.streamserver.security.control.ClientAddresses;
import io.streamserver.security.control.RateLimiter;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * Guards POST /v1/stream/transcode before a byte of the upload is read: a per-client rate limit (429), a bound
 * on waiting jobs (503) and the declared size (413). The multipart reader (Uploads.form) bounds the body as it
 * streams in: its bytes, parts and part headers.
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 100)
public class SubmissionLimits implements ContainerRequestFilter {

    static final Duration QUEUE_RETRY_AFTER = Duration.ofSeconds(30);

    @Inject
    Callers callers;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    ClientAddresses addresses;

    @Inject
    QueueDepth queue;

    @Inject
    @ConfigProperty(name = "stream.max-upload-bytes")
    long maxUploadBytes;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod()) || !"transcode".equals(strip(request.getUriInfo().getPath()))) {
            return;
        }
        long declared = Uploads.declaredLength(request.getHeaderString(HttpHeaders.CONTENT_LENGTH));
        if (declared > maxUploadBytes + Uploads.FORM_ALLOWANCE) {
            throw new ClientErrorException("file: the upload is larger than the limit of " + maxUploadBytes
                    + " bytes (STREAM_MAX_UPLOAD_BYTES)", 413);
        }
        rateLimiter.acquire(client(request)).ifPresent(wait -> {
            throw new WebApplicationException("too many submissions from this client; try again in "
                    + seconds(wait) + " s",
                    Response.status(429).header("Retry-After", seconds(wait)).build());
        });
        if (queue.full()) {
            throw new ServiceUnavailableException(queue.limit() + " jobs are waiting for a worker (STREAM_MAX_QUEUED); "
                    + "try again later", QUEUE_RETRY_AFTER.toSeconds());
        }
    }

    /** The token's subject when there is one, else the client's address (through trusted proxies). */
    private String client(ContainerRequestContext request) {
        Caller caller = callers.of(request.getSecurityContext());
        if (caller != null && caller.authenticated()) {
            return "subject:" + caller.subject();
        }
        return "address:" + addresses.of(servletRequest.getRemoteAddr(), request.getHeaders().get("X-Forwarded-For"));
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static String strip(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
