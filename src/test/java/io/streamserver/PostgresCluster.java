package io.streamserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own, made with Debian's server binaries in a folder under target/: it listens on
 * a free loopback port only (its socket in that folder), trusts local connections, runs as the postgres user when
 * the tests run as root (PostgreSQL refuses root), and is stopped by pg_ctl on close.
 */
public final class PostgresCluster implements AutoCloseable {

    public static final String USER = "stream";

    private final Path folder;
    private final Path bin;
    private final int port;
    private final boolean asPostgres;

    private PostgresCluster(Path folder, Path bin, int port, boolean asPostgres) {
        this.folder = folder;
        this.bin = bin;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    public static PostgresCluster start(Path folder) throws IOException {
        Files.createDirectories(folder);
        boolean root = "root".equals(System.getProperty("user.name"));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        PostgresCluster cluster = new PostgresCluster(folder.toAbsolutePath(), serverBinaries(), port, root);
        if (root) {
            TestAudio.run(List.of("chown", "-R", "postgres", cluster.folder.toString()));
        }
        cluster.run("initdb", "-D", cluster.data().toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C");
        cluster.resume();
        return cluster;
    }

    /** Starts the cluster's server, on loopback and the cluster's port, as it was before a {@link #pause()}. */
    public void resume() throws IOException {
        run("pg_ctl", "-D", data().toString(), "-l", folder.resolve("postgres.log").toString(),
                "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + folder + " -c fsync=off", "-w", "start");
    }

    /** Stops the cluster's server, as an outage would, dropping every connection; {@link #resume()} brings it back. */
    public void pause() throws IOException {
        run("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "stop");
    }

    /** A new, empty database in the cluster. */
    public String createDatabase(String name) throws IOException {
        run("createdb", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, name);
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** What a server needs in its environment to use the database: STREAM_DB_URL and _USER; it asks no password. */
    public Map<String, String> environment(String database) {
        return Map.of("STREAM_DB_URL", url(database), "STREAM_DB_USER", USER);
    }

    /** Runs SQL with psql, unaligned and without headers, and returns its output. */
    public String query(String database, String sql) throws IOException {
        return run("psql", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, "-d", database, "-At", "-c", sql);
    }

    private Path data() {
        return folder.resolve("data");
    }

    private String run(String program, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        if (asPostgres) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        return TestAudio.run(command);
    }

    /** The newest installed major version's binaries, as Debian's postgresql package lays them out. */
    private static Path serverBinaries() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IOException("no PostgreSQL server in /usr/lib/postgresql: apt-get install postgresql"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no PostgreSQL server in /usr/lib/postgresql: apt-get install postgresql", e);
        }
    }

    @Override
    public void close() throws IOException {
        pause();
    }
}
