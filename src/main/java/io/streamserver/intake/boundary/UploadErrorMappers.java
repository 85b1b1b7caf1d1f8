package io.streamserver.intake.boundary;

import io.streamserver.intake.control.IdempotencyKeyReusedException;
import io.streamserver.intake.control.RequestInFlightException;
import io.streamserver.intake.control.UploadAbortedException;
import io.streamserver.intake.control.UploadChecksBusyException;
import io.streamserver.intake.control.UploadTooLargeException;
import io.streamserver.platform.boundary.ErrorBody;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;

/** The HTTP statuses of the refused uploads, in the JSON error body. */
public final class UploadErrorMappers {

    private UploadErrorMappers() {
    }

    /**
     * A client that goes away mid-upload is routine: one line in the log, no stack trace. Its connection is gone, so
     * the answer is closed unsent: writing it would only fail, and the JAX-RS runtime log that failure at length.
     */
    @Provider
    public static class UploadAborted implements ExceptionMapper<UploadAbortedException> {

        @Context
        HttpServletResponse servletResponse;

        @Override
        public Response toResponse(UploadAbortedException e) {
            // an empty answer, committed now: nobody reads it, and neither Jersey's writer nor the container's error
            // page may try to write to the dead connection, which logged their stack traces
            servletResponse.setStatus(400);
            servletResponse.setContentLength(0);
            try {
                servletResponse.flushBuffer();
            } catch (IOException | IllegalStateException gone) {
                // the connection is already closed
            }
            return Response.status(400).build();
        }
    }

    @Provider
    public static class UploadTooLarge implements ExceptionMapper<UploadTooLargeException> {
        @Override
        public Response toResponse(UploadTooLargeException e) {
            return ErrorBody.response(413, e.getMessage());
        }
    }

    /** An Idempotency-Key that the client used before for another request: a client's bug, not a repeat. */
    @Provider
    public static class IdempotencyKeyReused implements ExceptionMapper<IdempotencyKeyReusedException> {
        @Override
        public Response toResponse(IdempotencyKeyReusedException e) {
            return ErrorBody.response(422, e.getMessage());
        }
    }

    @Provider
    public static class RequestInFlight implements ExceptionMapper<RequestInFlightException> {
        @Override
        public Response toResponse(RequestInFlightException e) {
            return Response.fromResponse(ErrorBody.response(409, e.getMessage())).header("Retry-After", 1).build();
        }
    }

    /** Every slot for checking uploads is taken and the line is full: try again once it has cleared. */
    @Provider
    public static class UploadChecksBusy implements ExceptionMapper<UploadChecksBusyException> {
        @Override
        public Response toResponse(UploadChecksBusyException e) {
            long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
            return Response.fromResponse(ErrorBody.response(503, e.getMessage())).header("Retry-After", seconds).build();
        }
    }
}
