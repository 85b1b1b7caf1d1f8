package io.streamserver.webhooks.boundary;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Predicate;

/**
 * A webhook receiver on loopback, in the test JVM: each path records what it receives, in order, and answers with the
 * statuses it was given, then 200; a path may redirect elsewhere instead.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived, with the order of its arrival among all. */
    record Received(String path, String id, String timestamp, String signature, String body, long arrivedNanos) {
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Deque<Integer>> statuses = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The path answers these statuses to its first requests, then 200. */
    void answer(String path, Integer... first) {
        statuses.put(path, new ConcurrentLinkedDeque<>(List.of(first)));
    }

    void redirect(String path, String to) {
        redirects.put(path, to);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        synchronized (received) {
            received.add(new Received(path, exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, System.nanoTime()));
            received.notifyAll();
        }
        String location = redirects.get(path);
        if (location != null) {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
        } else {
            Deque<Integer> planned = statuses.get(path);
            Integer status = planned == null ? null : planned.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
        }
        exchange.close();
    }

    /** What arrived so far that matches, in order of arrival. */
    List<Received> received(Predicate<Received> which) {
        synchronized (received) {
            return received.stream().filter(which).toList();
        }
    }

    /** Waits until that many matching requests arrived, and returns them; fails the test past the timeout. */
    List<Received> await(Predicate<Received> which, int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        synchronized (received) {
            while (true) {
                List<Received> matching = received.stream().filter(which).toList();
                if (matching.size() >= count) {
                    return matching;
                }
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " requests within " + timeout + ", got " + matching);
                }
                received.wait(left);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
