package io.streamserver.storage.boundary;

import io.streamserver.platform.boundary.ErrorBody;
import io.streamserver.storage.control.StorageUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.lang.System.Logger.Level;

/** A bucket that is down makes the request fail with 503, which a client may retry, and the cause goes to the log. */
@Provider
public class StorageUnavailableMapper implements ExceptionMapper<StorageUnavailableException> {

    private static final System.Logger LOG = System.getLogger(StorageUnavailableMapper.class.getName());

    @Override
    public Response toResponse(StorageUnavailableException e) {
        LOG.log(Level.WARNING, e.getMessage());
        return ErrorBody.response(503, "the object storage is unavailable; try again later");
    }
}
