import io.streamserver.StreamApi;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * The benchmark's job client, on the test suite's StreamApi. {@code submit BASE FIELDS FILE...} submits every file at
 * once (BASE may list servers on one database, comma-separated: the files go to them in turn) and waits until each
 * job is Completed, watching the job list once a second; {@code await BASE JOB_ID...} only waits. Either prints the
 * wall seconds from the first submission to the last completion, as the server's {@code completed_at} gives it (the
 * same clock on one machine), so that the figure neither waits for a poll nor pays the server for frequent ones, then "job ID SECONDS SUBMITTED_AT_EPOCH_MS LUFS"
 * lines, LUFS being the job's loudness.integrated_lufs or "none".
 * {@code first-segment BASE FIELDS FILE} prints the seconds from the upload's response to the first segment that the
 * progressive playlist lists being fetched whole, then waits for the job and prints its "job" line. Any other final state, or a job still
 * running after 20 minutes, fails the run: a figure is never taken from a job that did not complete.
 * {@code cpu-per-segment BASE FIELDS FILE PID SEGMENT_SECONDS WINDOW CLOCK_TICKS} submits one file, then reads its job every
 * 50 ms and, whenever the segments its progress covers change, the CPU ticks (utime + stime) of process PID, the
 * server; when the job is Completed it prints "first MS last MS": PID's CPU milliseconds per segment over the WINDOW
 * segments after the first, and over the WINDOW before the last that its progress showed while it ran, each from the
 * samples nearest those bounds.
 * {@code sink PORT} serves as a discarding upload target, for comparison.
 */
public final class JobLoad {

    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    /** Completion is timed by the job's completed_at, so polls need not be frequent; each costs the server CPU. */
    private static final long POLL_MILLIS = 1000;

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("sink")) {
            sink(Integer.parseInt(args[1]));
            return;
        }
        if (args.length < 3 || !List.of("submit", "await", "first-segment", "cpu-per-segment").contains(args[0])) {
            System.err.println("usage: JobLoad submit BASE_URL key=value&... FILE... | JobLoad await BASE_URL JOB_ID..."
                    + " | JobLoad first-segment BASE_URL key=value&... FILE"
                    + " | JobLoad cpu-per-segment BASE_URL key=value&... FILE PID SEGMENT_SECONDS WINDOW CLOCK_TICKS"
                    + " | JobLoad sink PORT");
            System.exit(2);
        }
        // servers sharing one database: submissions go round-robin, and the first one's job list watches them all
        List<StreamApi> servers = new ArrayList<>();
        for (String base : args[1].split(",")) {
            servers.add(new StreamApi(new URL(base)));
        }
        StreamApi api = servers.get(0);
        if (args[0].equals("first-segment")) {
            firstSegment(api, fields(args[2]), Path.of(args[3]));
            return;
        }
        if (args[0].equals("cpu-per-segment")) {
            cpuPerSegment(api, fields(args[2]), Path.of(args[3]), Long.parseLong(args[4]), Double.parseDouble(args[5]),
                    Integer.parseInt(args[6]), Integer.parseInt(args[7]));
            return;
        }
        boolean submit = args[0].equals("submit");
        List<String> targets = Arrays.asList(args).subList(submit ? 3 : 2, args.length);
        Map<String, String> fields = submit ? fields(args[2]) : Map.of();
        ExecutorService threads = Executors.newFixedThreadPool(targets.size());
        long start = System.nanoTime();
        long startEpochMicros = epochMicros(Instant.now());
        long lastCompletedMicros = startEpochMicros;
        // job id -> "SUBMITTED_NANOS SUBMITTED_AT_EPOCH_MS", until the job is seen Completed
        Map<String, long[]> running = new ConcurrentHashMap<>();
        try {
            List<Future<?>> submissions = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                String target = targets.get(i);
                StreamApi server = servers.get(i % servers.size());
                submissions.add(threads.submit(() -> {
                    long submitted = System.nanoTime();
                    long epochMillis = System.currentTimeMillis();
                    String jobId = submit ? server.submitted(Path.of(target), fields) : target;
                    running.put(jobId, new long[]{submitted, epochMillis});
                    return null;
                }));
            }
            List<String> lines = new ArrayList<>();
            long deadline = start + TIMEOUT.toNanos();
            while (lines.size() < targets.size()) {
                // one request for all jobs, so that watching 16 jobs does not load the server 16 times over; the bench's
                // jobs are the newest
                for (JsonValue value : StreamApi.json(api.get("v1/stream/jobs?limit=" + targets.size())).getJsonArray("jobs")) {
                    JsonObject job = value.asJsonObject();
                    String status = job.getString("status");
                    if (!List.of("Pending", "Processing").contains(status)) {
                        long[] submitted = running.remove(job.getString("id"));
                        if (submitted == null) {
                            continue;
                        }
                        if (!"Completed".equals(status)) {
                            throw new IllegalStateException("job " + job.getString("id") + " ended " + job);
                        }
                        long completed = epochMicros(job.getString("completed_at"));
                        lastCompletedMicros = Math.max(lastCompletedMicros, completed);
                        lines.add("job " + job.getString("id") + " " + seconds((completed - submitted[1] * 1000) * 1000) + " "
                                + submitted[1] + " " + integratedLufs(job));
                    }
                }
                for (Future<?> submission : submissions) {
                    if (submission.isDone()) {
                        submission.get(); // a refused submission fails the run
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("jobs still running after " + TIMEOUT + ": " + running.keySet());
                }
                Thread.sleep(POLL_MILLIS);
            }
            System.out.println("wall " + seconds((lastCompletedMicros - startEpochMicros) * 1000));
            lines.forEach(System.out::println);
        } finally {
            threads.shutdownNow();
        }
    }

    private static void firstSegment(StreamApi api, Map<String, String> fields, Path file) throws Exception {
        long submitted = System.nanoTime();
        long epochMillis = System.currentTimeMillis();
        String jobId = api.submitted(file, fields);
        long uploaded = System.nanoTime();
        long deadline = uploaded + TIMEOUT.toNanos();
        while (true) {
            HttpResponse<String> playlist = api.get("v1/stream/hls/" + jobId + "/index.m3u8?progressive=true");
            String segment = playlist.statusCode() != 200 ? null : playlist.body().lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).findFirst().orElse(null);
            if (segment != null) {
                HttpResponse<byte[]> fetched = api.send(HttpRequest.newBuilder(api.uri("v1/stream/hls/" + jobId + "/")
                        .resolve(segment)).GET(), HttpResponse.BodyHandlers.ofByteArray());
                if (fetched.statusCode() == 200 && fetched.body().length > 0) {
                    System.out.println(seconds(System.nanoTime() - uploaded));
                    break;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + jobId + " listed no fetchable segment");
            }
            Thread.sleep(20);
        }
        JsonObject job = api.awaitFinal(jobId, TIMEOUT, new ArrayList<>());
        if (!"Completed".equals(job.getString("status"))) {
            throw new IllegalStateException("job " + jobId + " ended " + job);
        }
        System.out.println("job " + jobId + " " + seconds(System.nanoTime() - submitted) + " " + epochMillis);
    }

    /** The job's loudness.integrated_lufs, or "none" when it reports none. */
    private static String integratedLufs(JsonObject job) {
        JsonValue loudness = job.get("loudness");
        if (loudness == null || loudness.getValueType() != JsonValue.ValueType.OBJECT) {
            return "none";
        }
        JsonValue lufs = loudness.asJsonObject().get("integrated_lufs");
        return lufs instanceof jakarta.json.JsonNumber number ? String.valueOf(number.doubleValue()) : "none";
    }

    private static void cpuPerSegment(StreamApi api, Map<String, String> fields, Path file, long pid,
                                      double segmentSeconds, int window, int clockTicks) throws Exception {
        String jobId = api.submitted(file, fields);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        // segments covered -> the server's CPU ticks when the job's progress first showed them
        TreeMap<Double, Long> samples = new TreeMap<>();
        double total = 0;
        while (true) {
            JsonObject job = api.job(jobId);
            long ticks = cpuTicks(pid);
            String status = job.getString("status");
            total = job.getJsonObject("source").getJsonNumber("duration_s").doubleValue() / segmentSeconds;
            if ("Processing".equals(status)) {
                samples.putIfAbsent(job.getJsonNumber("progress").doubleValue() / 100 * total, ticks);
            } else if (!"Pending".equals(status)) {
                if (!"Completed".equals(status)) {
                    throw new IllegalStateException("job " + jobId + " ended " + job);
                }
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + jobId + " still running after " + TIMEOUT);
            }
            Thread.sleep(50);
        }
        // progress moves a chunk (about a second of encoding) at a time, and the last chunk's commit completes the job:
        // the last window ends at the last progress seen while it ran
        double last = samples.lastKey();
        System.out.println("first " + millisPerSegment(samples, 1, 1 + window, clockTicks)
                + " last " + millisPerSegment(samples, last - window, last, clockTicks));
        System.out.println("samples " + samples.size() + " over " + Math.round(total) + " segments");
    }

    /** CPU milliseconds per segment between the samples nearest the two segment counts. */
    private static String millisPerSegment(TreeMap<Double, Long> samples, double from, double to, int clockTicks) {
        Map.Entry<Double, Long> start = nearest(samples, from);
        Map.Entry<Double, Long> end = nearest(samples, to);
        if (end.getKey() - start.getKey() < 1) {
            throw new IllegalStateException("no progress samples between segments " + from + " and " + to + ": " + samples);
        }
        return String.format(java.util.Locale.ROOT, "%.3f",
                (end.getValue() - start.getValue()) * 1000.0 / clockTicks / (end.getKey() - start.getKey()));
    }

    private static Map.Entry<Double, Long> nearest(TreeMap<Double, Long> samples, double segments) {
        Map.Entry<Double, Long> below = samples.floorEntry(segments);
        Map.Entry<Double, Long> above = samples.ceilingEntry(segments);
        if (below == null || above == null) {
            return below == null ? above : below;
        }
        return segments - below.getKey() <= above.getKey() - segments ? below : above;
    }

    /** utime + stime of a process, in clock ticks, from /proc/PID/stat (the fields after the command's name). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = java.nio.file.Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * An HTTP/1.1 server on 127.0.0.1:PORT that reads each request's body and throws it away: what an upload costs
     * the client and the loopback alone, with nothing stored. Answers 100-continue, as curl expects for big bodies.
     */
    private static void sink(int port) throws IOException {
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            byte[] buffer = new byte[256 * 1024];
            while (true) {
                try (Socket client = server.accept()) {
                    InputStream in = new BufferedInputStream(client.getInputStream(), buffer.length);
                    OutputStream out = client.getOutputStream();
                    long length = 0;
                    boolean expectContinue = false;
                    for (String line = headerLine(in); !line.isEmpty(); line = headerLine(in)) {
                        String lower = line.toLowerCase(java.util.Locale.ROOT);
                        if (lower.startsWith("content-length:")) {
                            length = Long.parseLong(line.substring("content-length:".length()).strip());
                        } else if (lower.startsWith("expect:") && lower.contains("100-continue")) {
                            expectContinue = true;
                        }
                    }
                    if (expectContinue) {
                        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                    for (long left = length; left > 0; ) {
                        int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (read < 0) {
                            break;
                        }
                        left -= read;
                    }
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException | NumberFormatException e) {
                    // a client that went away, such as the bench's check that the port is open
                }
            }
        }
    }

    private static String headerLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static Map<String, String> fields(String text) {
        return StreamApi.fields(Arrays.stream(text.split("&"))
                .flatMap(pair -> Arrays.stream(pair.split("=", 2)))
                .toArray(String[]::new));
    }

    private static long epochMicros(String timestamp) {
        return epochMicros(OffsetDateTime.parse(timestamp).toInstant());
    }

    private static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
