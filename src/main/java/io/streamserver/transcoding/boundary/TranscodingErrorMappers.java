package io.streamserver.transcoding.boundary;

import io.streamserver.platform.boundary.ErrorBody;
import io.streamserver.transcoding.control.UploadTooLargeException;
import io.streamserver.transcoding.entity.IllegalTransitionException;
import io.streamserver.transcoding.entity.InvalidParameterException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

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

    @Provider
    public static class UploadTooLarge implements ExceptionMapper<UploadTooLargeException> {
        @Override
        public Response toResponse(UploadTooLargeException e) {
            return ErrorBody.response(413, e.getMessage());
        }
    }
}
