package io.streamserver.playback.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;

/**
 * Once a download's connection has failed (the client went away, which Downloads.send logs at DEBUG), the JAX-RS
 * implementation still flushes and closes the stream and logs that second failure as SEVERE with a stack trace
 * (Jersey: "Error while closing the output stream"). Here the flush and close after a failure are skipped.
 */
@WebFilter(urlPatterns = "/v1/stream/job/*", asyncSupported = true)
public class DroppedDownloadFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, request.getRequestURI().endsWith("/download") ? new Wrapper(response) : response);
    }

    private static final class Wrapper extends HttpServletResponseWrapper {
        private Stream stream;

        Wrapper(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new Stream(super.getOutputStream());
            }
            return stream;
        }
    }

    /** The container's stream until a write or flush fails; from then on, flush and close do nothing. */
    static final class Stream extends ServletOutputStream {
        private final ServletOutputStream out;
        private boolean failed;

        Stream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (failed) {
                throw new IOException("the client has closed the connection");
            }
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            if (failed) {
                return;
            }
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            if (!failed) {
                out.close();
            }
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
