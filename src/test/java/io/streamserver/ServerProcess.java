package io.streamserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server as `./stream-server run` starts it (Payara Micro with the preboot file, which keeps the database in
 * the data directory, or with STREAM_DB_URL in the environment on PostgreSQL as the script does), as a process of its
 * own that a test can kill and start again on the same data. Several may share one data directory, each with a name.
 */
public final class ServerProcess implements AutoCloseable {

    private final Path dataDir;
    private final Map<String, String> environment;
    private final String name;
    private final int port;
    private Process process;
    private int starts;

    public ServerProcess(Path dataDir, Map<String, String> environment) throws IOException {
        this(dataDir, environment, "server");
    }

    /** @param name names its log files in the data directory, for servers that share one */
    public ServerProcess(Path dataDir, Map<String, String> environment, String name) throws IOException {
        this.dataDir = dataDir;
        this.environment = environment;
        this.name = name;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = socket.getLocalPort();
        }
    }

    public URL url() throws IOException {
        return URI.create("http://127.0.0.1:" + port + "/").toURL();
    }

    /** Starts the server and waits until the application answers. */
    public ServerProcess start() throws IOException {
        ++starts;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("payara.microJar"), "--nocluster",
                "--prebootcommandfile", preboot().toString(),
                "--port", String.valueOf(port), "--contextroot", "/",
                "--deploy", Path.of(System.getProperty("stream.war")).toAbsolutePath().toString()));
        if (environment.containsKey("STREAM_DB_URL")) {
            command.addAll(List.of("--addlibs", Path.of(System.getProperty("postgresql.jar")).toAbsolutePath().toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(name + "-" + starts + ".log").toFile());
        builder.environment().put("STREAM_DATA_DIR", dataDir.toString());
        builder.environment().putAll(environment);
        process = builder.start();
        awaitReady();
        return this;
    }

    /** The run script's preboot commands: PostgreSQL's appended when STREAM_DB_URL is set. */
    private Path preboot() throws IOException {
        Path preboot = Path.of("src/main/payara/preboot.txt").toAbsolutePath();
        if (!environment.containsKey("STREAM_DB_URL")) {
            return preboot;
        }
        Path combined = dataDir.resolve(name + "-preboot.txt");
        Files.writeString(combined, Files.readString(preboot) + Files.readString(Path.of("src/main/payara/preboot-postgresql.txt")));
        return combined;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The Java process, whose children are the server's ffmpeg processes. */
    public long pid() {
        return process.pid();
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        URI probe = URI.create(url() + "v1/stream/job/00000000-0000-0000-0000-000000000000");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + "; see " + dataDir);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(probe).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 404 && response.body().contains("no job")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            StreamApi.pause(Duration.ofMillis(500));
        }
        throw new IOException("the server did not become ready; see " + dataDir);
    }

    /** SIGKILL: the JVM gets no chance to clean up, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
