package io.streamserver.platform.boundary;

import io.streamserver.platform.control.InsufficientStorageException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.lang.System.Logger.Level;

/** Turns the exceptions that no component maps itself into the JSON error body; stack traces go to the log, never to the client. */
public final class ErrorMappers {

    private static final System.Logger LOG = System.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    @Provider
    public static class InsufficientStorage implements ExceptionMapper<InsufficientStorageException> {
        @Override
        public Response toResponse(InsufficientStorageException e) {
            return ErrorBody.response(507, e.getMessage());
        }
    }

    @Provider
    public static class WebApplication implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status >= 500) {
                LOG.log(Level.ERROR, "request failed", e);
            }
            String message = e.getMessage() == null || e.getMessage().startsWith("HTTP ")
                    ? e.getResponse().getStatusInfo().getReasonPhrase()
                    : e.getMessage();
            Response mapped = ErrorBody.response(status, message);
            e.getResponse().getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    values.forEach(value -> mapped.getHeaders().add(name, value));
                }
            });
            return mapped;
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<Exception> {
        @Override
        public Response toResponse(Exception e) {
            LOG.log(Level.ERROR, "unexpected failure", e);
            return ErrorBody.response(500, "internal server error; the server log has the details");
        }
    }
}
