package io.streamserver;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A webhook receiver on loopback, in the test JVM: each path records what it receives, in order, and answers with the
 * statuses it was given, then 200; a path may redirect elsewhere instead.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived, with the order of its arrival among all. */
    public record Received(String path, String id, String timestamp, String signature, String body, long arrivedNanos,
                           int senderPort) {
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Deque<Integer>> statuses = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(handlers); // a held request must not hold the others up
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The path answers these statuses to its first requests, then 200. */
    public void answer(String path, Integer... first) {
        statuses.put(path, new ConcurrentLinkedDeque<>(List.of(first)));
    }

    public void redirect(String path, String to) {
        redirects.put(path, to);
    }

    /** The path's requests get no answer until {@link #release}: the sender waits, as on a slow receiver. */
    public void hold(String path) {
        held.put(path, new CountDownLatch(1));
    }

    public void release(String path) {
        CountDownLatch gate = held.remove(path);
        if (gate != null) {
            gate.countDown();
        }
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
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, System.nanoTime(),
                    exchange.getRemoteAddress().getPort()));
            received.notifyAll();
        }
        CountDownLatch gate = held.get(path);
        if (gate != null) {
            try {
                gate.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
        try {
            exchange.close();
        } catch (RuntimeException e) {
            // the sender is gone (a killed server): nothing to answer
        }
    }

    /** What arrived so far that matches, in order of arrival. */
    public List<Received> received(Predicate<Received> which) {
        synchronized (received) {
            return received.stream().filter(which).toList();
        }
    }

    /** Waits until that many matching requests arrived, and returns them; fails the test past the timeout. */
    public List<Received> await(Predicate<Received> which, int count, Duration timeout) throws InterruptedException {
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
        held.values().forEach(CountDownLatch::countDown);
        server.stop(0);
        handlers.shutdownNow();
    }
}
