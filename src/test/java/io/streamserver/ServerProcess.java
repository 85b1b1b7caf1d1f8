package io.streamserver;

import org.wildfly.core.launcher.StandaloneCommandBuilder;

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
import java.util.stream.Stream;

/**
 * The server as its users start it, as a process of its own that a test can kill and start again on the same data:
 * Payara Micro with the preboot file as `./stream-server run` starts it, or on WildFly runs (failsafe's
 * stream.server) WildFly with the profile that src/main/wildfly/configure.cli made and the WAR in its deployments
 * folder, its server folder inside the data directory. Both keep the database in the data directory, unless, on
 * Payara, STREAM_DB_URL in the environment points it at PostgreSQL as the run script does. Several servers may share
 * one data directory, each with a name of its own for its files there.
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
        this.port = freePort();
    }

    public URL url() throws IOException {
        return URI.create("http://127.0.0.1:" + port + "/").toURL();
    }

    /** Starts the server and waits until the application answers. */
    public ServerProcess start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(TestServer.isWildFly() ? wildFly() : payara())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(name + "-" + (++starts) + ".log").toFile());
        builder.environment().put("STREAM_DATA_DIR", dataDir.toString());
        builder.environment().putAll(environment);
        process = builder.start();
        awaitReady();
        return this;
    }

    private List<String> payara() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("payara.microJar"), "--nocluster",
                "--prebootcommandfile", preboot().toString(),
                "--port", String.valueOf(port), "--contextroot", "/",
                "--deploy", war().toString()));
        if (environment.containsKey("STREAM_DB_URL")) {
            command.addAll(List.of("--addlibs", Path.of(System.getProperty("postgresql.jar")).toAbsolutePath().toString()));
        }
        return command;
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

    /** The java command itself, not standalone.sh, so that the process killed is the server's JVM. */
    private List<String> wildFly() throws IOException {
        Path home = Path.of(System.getProperty("wildfly.home"));
        Path server = dataDir.resolve("wildfly");
        if (!Files.isDirectory(server)) {
            copyTree(home.resolve("standalone").resolve("configuration"), Files.createDirectories(server).resolve("configuration"));
            Files.copy(war(), Files.createDirectories(server.resolve("deployments")).resolve("ROOT.war"));
        }
        return StandaloneCommandBuilder.of(home)
                .setBaseDirectory(server)
                .setServerConfiguration("standalone-microprofile.xml")
                .setBindAddressHint("127.0.0.1")
                .setBindAddressHint("management", "127.0.0.1")
                .addJavaOptions("-Djboss.http.port=" + port, "-Djboss.https.port=" + freePort(),
                        "-Djboss.management.http.port=" + freePort(),
                        "-Djava.io.tmpdir=" + Files.createDirectories(dataDir.resolve("tmp")))
                .build();
    }

    private static Path war() {
        return Path.of(System.getProperty("stream.war")).toAbsolutePath();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
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
