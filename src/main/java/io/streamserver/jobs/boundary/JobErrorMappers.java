package io.streamserver.jobs.boundary;

import io.streamserver.jobs.control.NoSuchJobException;
import io.streamserver.jobs.entity.IllegalTransitionException;
import io.streamserver.media.entity.InvalidParameterException;
import io.streamserver.platform.boundary.ErrorBody;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The HTTP statuses of a job's refusals, in the JSON error body: no such job, a parameter it cannot take, a change it
 * cannot make.
 */
public final class JobErrorMappers {

    private JobErrorMappers() {
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
    public static class NoSuchJob implements ExceptionMapper<NoSuchJobException> {
        @Override
        public Response toResponse(NoSuchJobException e) {
            return ErrorBody.response(404, e.getMessage());
        }
    }
}
