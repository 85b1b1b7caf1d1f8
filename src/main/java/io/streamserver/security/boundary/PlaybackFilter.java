package io.streamserver.security.boundary;

import io.streamserver.platform.boundary.ErrorBody;
import io.streamserver.platform.control.DataDirectory;
import io.streamserver.security.control.Callers;
import io.streamserver.security.control.PlaybackTokens;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * With STREAM_AUTH_ENABLED, HLS files are served only with a valid signed token for their job (403 otherwise),
 * and every URI in a served playlist gets the same token, so that players without headers can follow them.
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
        if (!callers.enabled() || path.length < 2 || !DataDirectory.isUuid(path[1])) {
            chain.doFilter(request, response); // the servlet answers 404 for anything that is not a job's file
            return;
        }
        String token = request.getParameter(PlaybackTokens.PARAMETER);
        if (!tokens.valid(DataDirectory.canonicalUuid(path[1]), token)) {
            response.setHeader("X-Content-Type-Options", "nosniff");
            byte[] body = ErrorBody.of(403, "a valid, unexpired playback token is required; take hls_url from the job")
                    .json().getBytes(StandardCharsets.UTF_8);
            response.setStatus(403);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        if (!"GET".equals(request.getMethod()) || !path[path.length - 1].endsWith(".m3u8")) {
            chain.doFilter(request, response);
            return;
        }
        BufferedResponse buffered = new BufferedResponse(response);
        chain.doFilter(request, buffered);
        byte[] body = buffered.body();
        if (buffered.getStatus() == 200 && buffered.getContentType() != null
                && buffered.getContentType().contains("mpegurl")) {
            body = PlaybackTokens.propagate(new String(body, StandardCharsets.UTF_8), token).getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Holds a playlist (a few kilobytes) back, so that it can be rewritten before it is sent. */
    private static final class BufferedResponse extends HttpServletResponseWrapper {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ServletOutputStream stream = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new IllegalStateException("playlists are written synchronously");
            }

            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.write(b, off, len);
            }
        };
        private PrintWriter writer;

        BufferedResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return stream;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                writer = new PrintWriter(new java.io.OutputStreamWriter(bytes, StandardCharsets.UTF_8));
            }
            return writer;
        }

        @Override
        public void setContentLength(int length) {
            // the rewritten playlist is longer; its length is set once it is known
        }

        @Override
        public void setContentLengthLong(long length) {
            // as above
        }

        @Override
        public void flushBuffer() {
            // nothing reaches the client before the rewrite
        }

        byte[] body() {
            if (writer != null) {
                writer.flush();
            }
            return bytes.toByteArray();
        }
    }
}
