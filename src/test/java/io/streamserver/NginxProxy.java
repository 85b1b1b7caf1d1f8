package io.streamserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx, run by the test as its own process on a free loopback port with its state in a folder under
 * target/, configured with the production layout's file (src/main/nginx/stream-server.conf) as docs/proxy.md shows
 * it, only its upstream address, listen line and cache folder replaced.
 */
public final class NginxProxy implements AutoCloseable {

    public static final Path LAYOUT = Path.of("src/main/nginx/stream-server.conf");

    private final Path folder;
    private final int port;
    private final Process process;

    private NginxProxy(Path folder, int port, Process process) {
        this.folder = folder;
        this.port = port;
        this.process = process;
    }

    /** Starts nginx in front of the server at {@code upstream} and waits until it accepts connections. */
    public static NginxProxy inFrontOf(URL upstream, Path folder) throws IOException {
        Files.createDirectories(folder.resolve("cache"));
        int port = freePort();
        String layout = replaced(Files.readString(LAYOUT), Map.of(
                "server 127.0.0.1:8082;", "server " + upstream.getHost() + ":" + upstream.getPort() + ";",
                "listen 80;", "listen 127.0.0.1:" + port + ";",
                "/var/cache/nginx/stream-server", folder.resolve("cache").toString()));
        Files.writeString(folder.resolve("stream-server.conf"), layout);
        // what Debian's /etc/nginx/nginx.conf gives the included file, with every path inside the folder
        Files.writeString(folder.resolve("nginx.conf"), """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 512; }
                http {
                    access_log %1$s/access.log;
                    sendfile on;
                    tcp_nopush on;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/stream-server.conf;
                }
                """.formatted(folder));
        Process process = new ProcessBuilder(command(), "-e", folder.resolve("error.log").toString(), "-p", folder.toString(),
                "-c", folder.resolve("nginx.conf").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(folder.resolve("nginx.out").toFile()).start();
        NginxProxy proxy = new NginxProxy(folder, port, process);
        proxy.awaitListening();
        return proxy;
    }

    /** nginx from PATH, or where Debian puts it, which a user's PATH may lack. */
    private static String command() {
        Path debian = Path.of("/usr/sbin/nginx");
        return Files.isExecutable(debian) ? debian.toString() : "nginx";
    }

    /** Each placeholder must occur in the file exactly once, so that a change to the file cannot slip past the test. */
    private static String replaced(String text, Map<String, String> replacements) {
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            int at = text.indexOf(replacement.getKey());
            if (at < 0 || text.indexOf(replacement.getKey(), at + 1) >= 0) {
                throw new IllegalStateException(LAYOUT + " must contain \"" + replacement.getKey() + "\" exactly once");
            }
            text = text.replace(replacement.getKey(), replacement.getValue());
        }
        return text;
    }

    public URL url() throws IOException {
        return URI.create("http://127.0.0.1:" + port + "/").toURL();
    }

    private void awaitListening() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited with " + process.exitValue() + ": " + Files.readString(folder.resolve("nginx.out")));
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("nginx did not listen on " + port + " within 30 s");
                }
                StreamApi.pause(Duration.ofMillis(50));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops this nginx, by its own process id: its master stops its workers. */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
