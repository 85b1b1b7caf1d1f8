package io.streamserver.security.boundary;

import io.streamserver.platform.boundary.ErrorBody;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The error page for answers the container makes itself (unknown paths, rejected URLs): the JSON error body
 * instead of the server's HTML page, which names the product and would echo nothing we control.
 * WEB-INF/web.xml routes every error here.
 */
@WebServlet(urlPatterns = ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {

    static final String PATH = "/.error";
    private static final System.Logger LOG = System.getLogger(ErrorPageServlet.class.getName());
    private static final AtomicBoolean UNKNOWN_KEY_LOGGED = new AtomicBoolean();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : 404;
        if (status == 500 && isUnverifiableToken(request)) {
            status = 401;
        }
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

    /**
     * SmallRye JWT (WildFly) answers 500, with no exception, for a bearer token it finds no key for: a kid that the
     * JWKS does not hold, or no key configured at all. For the caller that is a token the server cannot verify, so
     * 401, as Payara answers. The application itself never sends a bare 500.
     */
    private static boolean isUnverifiableToken(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) != null || request.getUserPrincipal() != null
                || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        if (UNKNOWN_KEY_LOGGED.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "A bearer token named no key that MP_JWT_VERIFY_PUBLICKEY_LOCATION holds (a kid "
                    + "the JWKS lacks, or no key configured); such tokens get 401. Logged once.");
        }
        return true;
    }
}
