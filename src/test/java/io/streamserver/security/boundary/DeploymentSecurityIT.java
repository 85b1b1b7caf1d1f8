package io.streamserver.security.boundary;

import io.streamserver.DataFolder;
import io.streamserver.RawHttp;
import io.streamserver.ServerProcess;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server as its users start it (`./stream-server run`, or WildFly as configure.cli set it up), its database (which
 * keeps the generated signing key) and an older install's signing key file in its data directory, behind a reverse proxy on loopback (STREAM_TRUSTED_PROXIES), and with
 * FFMPEG_PATH and FFPROBE_PATH pointing at hostile stand-ins: scripts that try what an exploited ffmpeg would (read
 * the signing key, another job's upload and the database, write into the data directory, reach a loopback
 * listener), report each outcome, then act as the real program, except that the encode refuses. The sandbox must
 * leave them nothing, and the job must fail cleanly.
 */
class DeploymentSecurityIT {

    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private static Path data;
    private static Path leaks;
    private static ServerSocket listener;
    private static ServerProcess server;

    @BeforeAll
    static void startServerWithHostilePrograms() throws IOException {
        Path root = Files.createDirectories(Path.of(System.getProperty("stream.test-dir", "target/it"),
                "deployment-" + UUID.randomUUID())).toAbsolutePath();
        data = Files.createDirectories(root.resolve("data"));
        // the signing key file of an install of before, which stays beside the database that now holds the key
        Files.writeString(data.resolve("playback-signing.key"), Base64.getEncoder().encodeToString(new byte[32]),
                StandardCharsets.US_ASCII);
        leaks = Files.createDirectories(root.resolve("leaks"));
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Path programs = Files.createDirectories(root.resolve("programs"));
        server = new ServerProcess(data, Map.of(
                "FFMPEG_PATH", standIn(programs.resolve("ffmpeg"), "/usr/bin/ffmpeg").toString(),
                "FFPROBE_PATH", standIn(programs.resolve("ffprobe"), "/usr/bin/ffprobe").toString(),
                "STREAM_TRUSTED_PROXIES", "127.0.0.1",
                "STREAM_RATE_LIMIT_BURST", "1",
                "STREAM_RATE_LIMIT_PER_MINUTE", "1",
                "STREAM_WORKERS", "1")).start();
    }

    @AfterAll
    static void stop() throws IOException, InterruptedException {
        if (server != null) {
            server.close();
        }
        listener.close();
    }

    /**
     * Every attempt prints its outcome to standard error, which the job's error quotes; the probe's attempts go
     * nowhere, since a line on the probe's standard error is a decoding error that refuses the upload. Whatever a
     * stand-in read or wrote would still show in the leaks folder and the data directory.
     */
    private static Path standIn(Path file, String real) throws IOException {
        String report = real.endsWith("ffprobe") ? "exec 2>/dev/null" : "";
        String script = """
                #!/bin/bash
                data='%s'; leaks='%s'; port=%d
                exec 4>&2; %s
                input=""; for a in "$@"; do case "$a" in file:*) input="${a#file:}";; esac; done
                steal() { if cat "$2" > /dev/null 2>&1; then echo "READ $1" >&2; cp "$2" "$leaks/" 2>/dev/null
                          else echo "cannot read $1" >&2; fi; }
                steal "the signing key" "$data/playback-signing.key"
                other=0
                for f in "$data"/uploads/*.source; do
                    if [ -e "$f" ] && [ "$f" != "$input" ]; then other=1; steal "another job's upload" "$f"; fi
                done
                [ $other = 1 ] || echo "cannot read another job's upload" >&2
                steal "the database" "$data/database/stream.mv.db"
                if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "CONNECTED to the loopback listener" >&2
                else echo "cannot connect to the loopback listener" >&2; fi
                if echo planted 2>/dev/null > "$data/planted"; then echo "WROTE into the data directory" >&2
                else echo "cannot write into the data directory" >&2; fi
                case " $* " in *" -f hls "*) echo "stand-in ffmpeg: refusing to encode" >&2; exit 1;; esac
                exec 2>&4; exec %s "$@"
                """.formatted(data, leaks, listener.getLocalPort(), report, real);
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** Each request as if from its own client behind the proxy, so that the rate limit of one per minute never bites. */
    private static HttpResponse<String> submit(Path file, String client) throws IOException {
        StreamApi api = new StreamApi(server.url());
        return api.send(api.multipart(file, file.getFileName().toString(), Map.of()).header("X-Forwarded-For", client));
    }

    private static String newClient() {
        return "198.51.100." + CLIENTS.incrementAndGet();
    }

    private static JsonObject failed(HttpResponse<String> submitted) throws IOException {
        assertEquals(200, submitted.statusCode(), submitted.body());
        JsonObject job = new StreamApi(server.url()).awaitFinal(StreamApi.json(submitted).getString("job_id"));
        assertEquals("Failed", job.getString("status"), job.toString());
        return job;
    }

    @Test
    void hostileProgramsFindNothingAndTheJobFailsCleanly() throws IOException {
        Path wav = TestAudio.sineWav("sine-2s.wav", 2, 44_100, 2);
        List<Path> before = DataFolder.list(data.resolve("uploads"));
        failed(submit(wav, newClient()));
        // the targets exist: a failed job keeps its upload for a retry, and the signing key of before is still there
        assertTrue(Files.exists(data.resolve("playback-signing.key")));
        assertTrue(Files.exists(data.resolve("database").resolve("stream.mv.db")));
        assertNotEquals(before, DataFolder.list(data.resolve("uploads")), "the first job's upload is kept");

        String error = failed(submit(wav, newClient())).getString("error");

        for (String refused : List.of("cannot read the signing key", "cannot read another job's upload",
                "cannot read the database", "cannot connect to the loopback listener", "cannot write into the data directory",
                "stand-in ffmpeg: refusing to encode")) {
            assertTrue(error.contains(refused), refused + ": " + error);
        }
        assertFalse(error.contains("READ ") || error.contains("CONNECTED") || error.contains("WROTE"), error);
        assertEquals(List.of(), DataFolder.list(leaks), "nothing was carried out, by ffprobe or ffmpeg");
        assertFalse(Files.exists(data.resolve("planted")));
        listener.setSoTimeout(1);
        assertThrows(SocketTimeoutException.class, listener::accept, "no connection reached the listener");
        assertTrue(serverLog().contains("in a bubblewrap sandbox"), "the server says how it confines ffmpeg");
    }

    /** The proxy on loopback is trusted: its X-Forwarded-For tells clients apart, each with its own rate limit. */
    @Test
    void clientsBehindATrustedProxyHaveARateLimitEach() throws IOException {
        Path notAudio = TestAudio.textFile("proxied.wav", "not audio");
        String client = newClient();

        assertEquals(400, submit(notAudio, client).statusCode(), "the first submission passes the limit");
        assertEquals(429, submit(notAudio, client).statusCode(), "the same client's second does not");
        assertEquals(400, submit(notAudio, newClient()).statusCode(), "another client behind the proxy has its own");
    }

    @Test
    void anUploadAbortedMidWayLeavesNoFileAndOneLogLine() throws IOException {
        List<Path> before = DataFolder.list(data.resolve("uploads"));
        int logged = serverLog().length();
        String boundary = "----aborted-" + UUID.randomUUID();
        String head = "POST /v1/stream/transcode HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + newClient() + "\r\n"
                + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: 20000000\r\n\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\n";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.url().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[2 * 1024 * 1024]);
            out.flush();
            socket.setSoLinger(true, 0); // a reset, as a client that crashes or loses its network
        }

        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!DataFolder.list(data.resolve("uploads")).equals(before)
                || !serverLog().substring(logged).contains("aborted by its client")) {
            assertTrue(Instant.now().isBefore(deadline), "left: " + DataFolder.list(data.resolve("uploads")) + "\n" + serverLog());
            StreamApi.pause(Duration.ofMillis(200));
        }
        String log = serverLog().substring(logged);
        assertEquals(1, log.split("aborted by its client", -1).length - 1, log);
        assertFalse(log.contains("\tat ") || log.contains("Exception:"), "no stack trace: " + log);
    }

    /**
     * Malformed HTTP is the client's fault: the container refuses it, and its log grows by one line at most for each
     * such request, never by a stack trace (Grizzly logged 19 lines for every broken chunk, a client's way to fill
     * the disk). Each is sent three times and from a client of its own, past the rate limit.
     */
    @Test
    void malformedHttpLogsOneLineAtMostAndNoStackTrace() throws IOException {
        String chunkedHead = "POST /v1/stream/transcode HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: %s\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n";
        String part = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\nRIFF";
        List<String> bodies = List.of(
                "ZZZ\r\nhello\r\n0\r\n\r\n",                                  // a chunk size that is not hex
                "FFFFFFFFFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n",             // one that overflows
                "-5\r\nhello\r\n0\r\n\r\n",                                   // a negative one
                "5\r\nhelloXXXX\r\n0\r\n\r\n",                                // chunk data longer than its size
                Integer.toHexString(part.length()) + "\r\n" + part + "\r\nZZ\r\n", // a bad size after a good chunk
                "1000\r\n" + part);                                             // a chunk cut short by the client
        int logged = serverLog().length();
        int sent = 0;
        for (int round = 0; round < 3; round++) {
            for (String body : bodies) {
                sendAndHalfClose(chunkedHead.formatted(newClient()) + body);
                sent++;
            }
            sendAndHalfClose("\u0001\u0002 GARBAGE \u007f\r\n\r\n");                // a junk request line
            sendAndHalfClose("POST /v1/stream/transcode HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + newClient()
                    + "\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n"); // both lengths, a bad chunk
            sent += 2;
        }

        StreamApi api = new StreamApi(server.url());
        HttpResponse<String> missing = api.get("v1/stream/job/550e8400-e29b-41d4-a716-446655440000");
        assertEquals(404, missing.statusCode(), missing.body());
        List<String> grown = serverLog().substring(logged).lines().filter(line -> !line.isBlank()).toList();
        String log = String.join("\n", grown);
        assertTrue(grown.size() <= sent, grown.size() + " lines for " + sent + " malformed requests:\n" + log);
        assertFalse(grown.stream().anyMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by:")
                || line.matches("[\\w.$]+(Exception|Error)(: .*)?")), "no stack trace:\n" + log);

        // a well-formed chunked upload on a fresh connection is still read and answered
        String wav = Files.readString(TestAudio.sineWav("sine-2s.wav", 2, 44_100, 2), StandardCharsets.ISO_8859_1);
        String form = part.substring(0, part.length() - "RIFF".length()) + wav + "\r\n--b--\r\n";
        String head = chunkedHead.formatted(newClient()).replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n");
        String chunked = Integer.toHexString(form.length()) + "\r\n" + form + "\r\n0\r\n\r\n";
        RawHttp.Answer answer = new RawHttp(server.url()).exchange(head.getBytes(StandardCharsets.ISO_8859_1),
                new java.io.ByteArrayInputStream(chunked.getBytes(StandardCharsets.ISO_8859_1)), 8192);
        assertEquals(200, answer.status(), answer.text());
        String job = jakarta.json.Json.createReader(new java.io.StringReader(answer.text())).readObject().getString("job_id");
        api.awaitFinal(job); // its failure (the stand-in ffmpeg) is logged before the next test reads the log
    }

    /** Sends the bytes, ends the request side, and reads whatever the server answers until it closes the connection. */
    private static void sendAndHalfClose(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.url().getPort())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes();
        }
    }

    private static String serverLog() throws IOException {
        return Files.readString(data.resolve("server-1.log"), StandardCharsets.UTF_8);
    }
}
