package io.streamserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A reverse proxy on loopback that serves the server under a path prefix, as a front end would,
 * and records every request that arrived outside the prefix.
 */
public final class PrefixProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding", "host",
            "keep-alive", "upgrade", "expect");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final String prefix;
    private final List<String> outside = new CopyOnWriteArrayList<>();

    public PrefixProxy(URL target, String prefix) throws IOException {
        this.target = URI.create(target.toString().replaceAll("/$", ""));
        this.prefix = prefix;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::forward);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + prefix;
    }

    /** Requests that the page made outside the prefix, which a real proxy would not have passed on. */
    public List<String> outside() {
        return outside;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!path.startsWith(prefix)) {
                outside.add(exchange.getRequestMethod() + " " + path);
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            URI uri = URI.create(target + "/" + path.substring(prefix.length()) + (query == null ? "" : "?" + query));
            HttpRequest.Builder request = HttpRequest.newBuilder(uri);
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            InputStream body = exchange.getRequestBody();
            boolean hasBody = exchange.getRequestHeaders().containsKey("Content-length")
                    || exchange.getRequestHeaders().containsKey("Transfer-encoding");
            request.method(exchange.getRequestMethod(), hasBody
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> body) : HttpRequest.BodyPublishers.noBody());
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            boolean empty = exchange.getRequestMethod().equals("HEAD") || response.statusCode() == 204 || response.statusCode() == 304;
            exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : 0);
            try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
                byte[] buffer = new byte[16 * 1024];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush(); // server-sent events must not wait for a full buffer
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
