package io.streamserver.platform.boundary;

import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Locale;

/** The JSON body of every error answer: a stable code derived from the status, and a message for people. */
public record ErrorBody(String error, String message) {

    public static ErrorBody of(int status, String message) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        // WebDAV's 507 and RFC 9110's 422 are not among JAX-RS's statuses, but they are the ones a full disk and a
        // reused idempotency key deserve
        String code = status == 507 ? "insufficient_storage"
                : status == 422 ? "unprocessable_content"
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
