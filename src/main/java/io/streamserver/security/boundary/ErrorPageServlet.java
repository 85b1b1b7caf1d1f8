package io.streamserver.security.boundary;

import io.streamserver.platform.boundary.ErrorBody;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The error page for answers the container makes itself (unknown paths, rejected URLs): the JSON error body
 * instead of the server's HTML page, which names the product and would echo nothing we control.
 * WEB-INF/web.xml routes every error here.
 */
@WebServlet(urlPatterns = ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {

    static final String PATH = "/.error";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : 404;
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String message = type == null ? "the request failed" : type.getReasonPhrase();
        byte[] body = ErrorBody.of(status, message).json().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (status == 401 && !response.containsHeader("WWW-Authenticate")) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"stream-server\""); // MP-JWT refused the token
        }
        response.setContentType("application/json");
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }
}
