package io.streamserver.security.boundary;

import io.streamserver.platform.boundary.ErrorBody;
import io.streamserver.platform.control.Uuids;
import io.streamserver.security.control.Callers;
import io.streamserver.security.control.PlaybackTokens;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * With STREAM_AUTH_ENABLED, HLS files are served only with a valid signed token for their job (403 otherwise); the
 * checked token goes on as a request attribute, for the playlist to give every URI in it the same token.
 */
@WebFilter(urlPatterns = "/v1/stream/hls/*", asyncSupported = true)
public class PlaybackFilter extends HttpFilter {

    @Inject
    Callers callers;

    @Inject
    PlaybackTokens tokens;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String[] path = request.getPathInfo() == null ? new String[0] : request.getPathInfo().split("/", -1);
        if (!callers.enabled() || path.length < 2 || !Uuids.isUuid(path[1])) {
            chain.doFilter(request, response); // the servlet answers 404 for anything that is not a job's file
            return;
        }
        String token = request.getParameter(PlaybackTokens.PARAMETER);
        if (!tokens.valid(Uuids.canonical(path[1]), token)) {
            response.setHeader("X-Content-Type-Options", "nosniff");
            byte[] body = ErrorBody.of(403, "a valid, unexpired playback token is required; take hls_url from the job")
                    .json().getBytes(StandardCharsets.UTF_8);
            response.setStatus(403);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        request.setAttribute(PlaybackTokens.CHECKED, token);
        chain.doFilter(request, response);
    }
}
