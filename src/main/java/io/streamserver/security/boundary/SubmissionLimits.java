package io.streamserver.security.boundary;

import io.streamserver.security.control.Caller;
import io.streamserver.security.control.MultipartGuard;
import io.streamserver.security.control.QueueDepth;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.time.Duration;

/**
 * Guards POST /v1/stream/transcode before a byte of the upload is read: a per-client rate limit (429), a bound
 * on waiting jobs (503), the declared size (413), and a watch on the multipart body as it streams in.
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 100)
public class SubmissionLimits implements ContainerRequestFilter, ReaderInterceptor {

    private static final String GUARD = SubmissionLimits.class.getName() + ".guard";

    /** Room for the form fields and the part headers on top of the file itself. */
    static final long FORM_ALLOWANCE = 1024 * 1024;
    static final int MAX_PARTS = 16;
    static final int MAX_PART_HEADER_BYTES = 8 * 1024;
    static final Duration QUEUE_RETRY_AFTER = Duration.ofSeconds(30);

    @Inject
    RateLimiter rateLimiter;

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
        long limit = maxUploadBytes + FORM_ALLOWANCE;
        if (declaredLength(request) > limit) {
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
        MediaType type = request.getMediaType();
        String boundary = type == null ? null : type.getParameters().get("boundary");
        if (boundary != null && !boundary.isEmpty()) {
            MultipartGuard guard = new MultipartGuard(request.getEntityStream(), boundary, limit, MAX_PARTS,
                    MAX_PART_HEADER_BYTES);
            request.setProperty(GUARD, guard);
            request.setEntityStream(guard);
        }
    }

    /** The guard cut the body short and closed it: refuse it once parsed, so that the parser cleans up as usual. */
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object entity = context.proceed();
        if (context.getProperty(GUARD) instanceof MultipartGuard guard && guard.violation().isPresent()) {
            throw guard.violation().get();
        }
        return entity;
    }

    /** The token's subject when there is one, else the remote address. */
    private String client(ContainerRequestContext request) {
        Object caller = request.getProperty(AccessFilter.CALLER);
        if (caller instanceof Caller c && c.authenticated()) {
            return "subject:" + c.subject();
        }
        return "address:" + servletRequest.getRemoteAddr();
    }

    /** Content-Length as declared; getLength() cannot say more than 2 GiB. -1 when absent (chunked). */
    private static long declaredLength(ContainerRequestContext request) {
        String header = request.getHeaderString("Content-Length");
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static String strip(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
