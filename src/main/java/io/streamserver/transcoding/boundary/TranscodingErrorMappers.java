package io.streamserver.transcoding.boundary;

import io.streamserver.platform.boundary.ErrorBody;
import io.streamserver.transcoding.control.UploadAbortedException;
import io.streamserver.transcoding.control.UploadChecksBusyException;
import io.streamserver.transcoding.control.UploadTooLargeException;
import io.streamserver.transcoding.entity.IllegalTransitionException;
import io.streamserver.transcoding.entity.InvalidParameterException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;

/** The HTTP statuses of the transcoding component's own refusals, in the JSON error body. */
public final class TranscodingErrorMappers {

    private TranscodingErrorMappers() {
    }

    @Provider
    public static class InvalidParameter implements ExceptionMapper<InvalidParameterException> {
        @Override
        public Response toResponse(InvalidParameterException e) {
            return ErrorBody.response(400, e.getMessage());
        }
    }

    @Provider
    public static class IllegalTransition implements ExceptionMapper<IllegalTransitionException> {
        @Override
        public Response toResponse(IllegalTransitionException e) {
            return ErrorBody.response(409, e.getMessage());
        }
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
