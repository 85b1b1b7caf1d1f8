package io.streamserver.platform.boundary;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Locale;

/** The JSON body of every error answer: a stable code derived from the status, and a message for people. */
public record ErrorBody(String error, String message) {

    public static ErrorBody of(int status, String message) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        // WebDAV's 507 is not among JAX-RS's statuses, but it is the one a full disk deserves
        String code = status == 507 ? "insufficient_storage"
                : type == null ? "error_" + status
                : type.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "_");
        return new ErrorBody(code, message);
    }

    public static Response response(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(of(status, message))
                .build();
    }

    /** The body as JSON text, escaped, for answers written outside JAX-RS. */
    public String json() {
        return Json.createObjectBuilder().add("error", error).add("message", message).build().toString();
    }
}
