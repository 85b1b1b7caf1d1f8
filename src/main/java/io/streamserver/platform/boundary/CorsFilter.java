package io.streamserver.platform.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.util.List;

/**
 * CORS for the API and the HLS files alike (players fetch segments cross-origin), answering preflights itself.
 * Only the configured origins get an Access-Control-Allow-Origin header; "*" allows any.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class CorsFilter extends HttpFilter {

    static final String ALLOWED_METHODS = "GET, HEAD, POST, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, Range, Last-Event-ID, Idempotency-Key";
    static final String EXPOSED_HEADERS = "Content-Length, Content-Range, ETag, Retry-After, Location, Idempotent-Replayed";

    @Inject
    @ConfigProperty(name = "allowed.origins")
    List<String> allowedOrigins;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        String origin = request.getHeader("Origin");
        boolean allowed = origin != null && isAllowed(origin);
        // the answer depends on Origin even when there is none: a shared cache must not give a browser the answer
        // that a request without Origin (and so without Access-Control-Allow-Origin) got
        response.addHeader("Vary", "Origin");
        if (allowed) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        boolean preflight = "OPTIONS".equals(request.getMethod())
                && request.getHeader("Access-Control-Request-Method") != null;
        if (preflight) {
            if (allowed) {
                response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
                response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
                response.setHeader("Access-Control-Max-Age", "600");
            }
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        chain.doFilter(request, response);
    }

    boolean isAllowed(String origin) {
        return allowedOrigins.stream().map(String::strip).anyMatch(o -> o.equals("*") || o.equalsIgnoreCase(origin));
    }
}
