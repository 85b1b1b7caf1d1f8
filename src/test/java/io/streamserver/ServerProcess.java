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
 * folder, its server folder inside the data directory. Both keep the database in the data directory, unless
 * STREAM_DB_URL in the environment points it at PostgreSQL, as the run script does on Payara and as configure.cli,
 * run with that variable set, does on WildFly. Several servers may share
 * one data directory, each with a name of its own for its files there.
 */
public final class ServerProcess implements AutoCloseable {

    /** The run script's JIT setting (C1 only), as Arquillian's servers have it too: Payara booted on half the CPU time. */
    private static final String JIT = "-XX:TieredStopAtLevel=1";

    private final Path dataDir;
    private final Map<String, String> environment;
    private final String name;
    private final int port;
    private final int managementPort;
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
        this.managementPort = freePort();
    }

    public URL url() throws IOException {
        return URI.create("http://127.0.0.1:" + port + "/").toURL();
    }

    /** Where MicroProfile Health answers: the application's port on Payara, the management port on WildFly. */
    public URL healthUrl() throws IOException {
        return TestServer.isWildFly() ? URI.create("http://127.0.0.1:" + managementPort + "/").toURL() : url();
    }

    /** Starts the server and waits until the application answers. */
    public ServerProcess start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(TestServer.isWildFly() ? wildFly() : payara())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(name + "-" + (++starts) + ".log").toFile());
        builder.environment().put("STREAM_DATA_DIR", dataDir.toString());
        builder.environment().putAll(environment);
        if (environment.containsKey("STREAM_DB_URL") && !TestServer.isWildFly()) {
            // as the run script does: Payara's preboot file needs the variable, empty or not
            builder.environment().putIfAbsent("STREAM_DB_PASSWORD", "");
        }
        process = builder.start();
        awaitReady();
        return this;
    }

    private List<String> payara() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                JIT, "-jar", System.getProperty("payara.microJar"), "--nocluster",
                "--prebootcommandfile", preboot().toString(),
                "--logproperties", Path.of("src/main/payara/logging.properties").toAbsolutePath().toString(),
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
            Path configuration = Files.createDirectories(server).resolve("configuration");
            copyTree(home.resolve("standalone").resolve("configuration"), configuration);
            Files.copy(war(), Files.createDirectories(server.resolve("deployments")).resolve("ROOT.war"));
            if (environment.containsKey("STREAM_DB_URL")) {
                configureForPostgres(home, server);
            }
        }
        return StandaloneCommandBuilder.of(home)
                .setBaseDirectory(server)
                .setServerConfiguration("standalone-microprofile.xml")
                .setBindAddressHint("127.0.0.1")
                .setBindAddressHint("management", "127.0.0.1")
                .addJavaOptions(JIT, "-Djboss.http.port=" + port, "-Djboss.https.port=" + freePort(),
                        "-Djboss.management.http.port=" + managementPort,
                        "-Djava.io.tmpdir=" + Files.createDirectories(dataDir.resolve("tmp")))
                .build();
    }

    /**
     * The user's step for PostgreSQL: configure.cli run with STREAM_DB_URL set, on the stock profile that the build kept
     * beside the configured one, into this server's own folder.
     */
    private void configureForPostgres(Path home, Path server) throws IOException {
        Path configuration = server.resolve("configuration");
        Files.copy(configuration.resolve("standalone-microprofile-stock.xml"), configuration.resolve("standalone-microprofile.xml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ProcessBuilder cli = new ProcessBuilder(home.resolve("bin").resolve("jboss-cli.sh").toString(),
                "--file=" + Path.of("src/main/wildfly/configure.cli").toAbsolutePath())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(name + "-configure.log").toFile());
        cli.environment().putAll(environment);
        cli.environment().put("STREAM_POSTGRESQL_JAR", Path.of(System.getProperty("postgresql.jar")).toAbsolutePath().toString());
        cli.environment().put("JAVA_OPTS", "-Djboss.server.base.dir=" + server);
        try {
            Process configure = cli.start();
            if (!configure.waitFor(3, java.util.concurrent.TimeUnit.MINUTES) || configure.exitValue() != 0) {
                configure.destroyForcibly();
                throw new IOException("configure.cli failed: " + Files.readString(dataDir.resolve(name + "-configure.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
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
                // the application's own answer: no such job, or, with STREAM_AUTH_ENABLED, no token
                if (response.statusCode() == 404 && response.body().contains("no job")
                        || response.statusCode() == 401 && response.body().contains("\"unauthorized\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            StreamApi.pause(Duration.ofMillis(100));
        }
        throw new IOException("the server did not become ready; see " + dataDir);
    }

    /** SIGKILL: the JVM gets no chance to clean up, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * SIGTERM, waiting for the server's own shutdown: for a test that starts a server again on the same data as an
     * operator would restart it.
     */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    /**
     * The end of a test's server, whose data nothing reads afterwards: SIGKILL, as a graceful stop asserts nothing
     * there and took Payara about 11 s on H2 (its shutdown's last query retried against a database already closed).
     */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
