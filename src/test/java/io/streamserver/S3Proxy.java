package io.streamserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An S3-compatible bucket of the test's own: s3proxy (org.gaul:s3proxy, which the build copies to target/s3proxy.jar)
 * in a JVM of its own, on a free loopback port, with the filesystem backend in a folder under target/, where the
 * test reads the objects as files. Stopped by its process id; {@link #start()} again brings it back on the same port,
 * as after an outage.
 */
public final class S3Proxy implements AutoCloseable {

    public static final String BUCKET = "stream";
    private static final String IDENTITY = "test-identity";
    private static final String CREDENTIAL = "test-credential";

    private final Path folder;
    private final int port;
    private Process process;
    private Duration lastStart;

    private S3Proxy(Path folder, int port) {
        this.folder = folder;
        this.port = port;
    }

    /** s3proxy with one empty bucket, {@link #BUCKET}, running. */
    public static S3Proxy start(Path folder) throws IOException {
        Files.createDirectories(folder.resolve("objects").resolve(BUCKET));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        S3Proxy proxy = new S3Proxy(folder.toAbsolutePath(), port);
        Files.writeString(proxy.folder.resolve("s3proxy.conf"), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + proxy.folder.resolve("objects"),
                ""));
        proxy.start();
        return proxy;
    }

    /** Starts the process and waits until it takes connections. */
    public void start() throws IOException {
        Instant started = Instant.now();
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx128m", "-jar", Path.of(System.getProperty("s3proxy.jar")).toAbsolutePath().toString(),
                "--properties", folder.resolve("s3proxy.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(java.lang.ProcessBuilder.Redirect.appendTo(folder.resolve("s3proxy.log").toFile()))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("s3proxy exited with " + process.exitValue() + "; see " + folder.resolve("s3proxy.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                lastStart = Duration.between(started, Instant.now());
                return;
            } catch (IOException notYet) {
                StreamApi.pause(Duration.ofMillis(50));
            }
        }
        throw new IOException("s3proxy did not listen on " + port + " within a minute");
    }

    /** How long the last start took until s3proxy listened. */
    public Duration lastStart() {
        return lastStart;
    }

    /** Stops the process, by its id, and waits until it is gone: the bucket is down. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    /** What a server needs in its environment to keep its files in the bucket, under the prefix. */
    public Map<String, String> environment(String prefix) {
        return Map.of("STREAM_STORAGE", "s3", "STREAM_S3_BUCKET", BUCKET, "STREAM_S3_PREFIX", prefix,
                "STREAM_S3_ENDPOINT", "http://127.0.0.1:" + port, "STREAM_S3_PATH_STYLE", "true",
                "STREAM_S3_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", IDENTITY, "AWS_SECRET_ACCESS_KEY", CREDENTIAL);
    }

    /** The object of that key, as the filesystem backend keeps it. */
    public Path object(String key) {
        return folder.resolve("objects").resolve(BUCKET).resolve(key);
    }

    /** The keys of the objects under the prefix (a folder of the bucket), relative to it. */
    public List<String> keys(String prefix) throws IOException {
        Path root = object(prefix);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(file -> root.relativize(file).toString()).sorted().toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
