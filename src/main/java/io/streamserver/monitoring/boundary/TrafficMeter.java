package io.streamserver.monitoring.boundary;

import io.streamserver.monitoring.control.ServerMetrics;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Counts the bytes that uploads bring in and the HLS segments served, for /metrics. */
@WebFilter(urlPatterns = {"/v1/stream/transcode", "/v1/stream/hls/*"}, asyncSupported = true)
public class TrafficMeter extends HttpFilter {

    @Inject
    ServerMetrics metrics;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("POST".equals(request.getMethod())) {
            chain.doFilter(new CountingRequest(request, metrics), response);
            return;
        }
        chain.doFilter(request, response);
        int status = response.getStatus();
        if ("GET".equals(request.getMethod()) && (status == 200 || status == 206)
                && request.getRequestURI().startsWith(request.getContextPath() + "/v1/stream/hls/")
                && !request.getRequestURI().endsWith(".m3u8")) {
            metrics.segmentServed();
        }
    }

    /** A request whose body counts itself as it is read. */
    static final class CountingRequest extends HttpServletRequestWrapper {

        private final ServerMetrics metrics;
        private ServletInputStream counting;

        CountingRequest(HttpServletRequest request, ServerMetrics metrics) {
            super(request);
            this.metrics = metrics;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counting == null) {
                counting = new CountingStream(super.getInputStream(), metrics);
            }
            return counting;
        }
    }

    static final class CountingStream extends ServletInputStream {

        private final ServletInputStream in;
        private final ServerMetrics metrics;

        CountingStream(ServletInputStream in, ServerMetrics metrics) {
            this.in = in;
            this.metrics = metrics;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                metrics.uploaded(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = in.read(buffer, offset, length);
            if (read > 0) {
                metrics.uploaded(read);
            }
            return read;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
