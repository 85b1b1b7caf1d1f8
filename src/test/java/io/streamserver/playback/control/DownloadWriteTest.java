package io.streamserver.playback.control;

import io.streamserver.storage.control.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownloadWriteTest {

    /** A bucket in memory, behind the two calls a download makes; it counts the bytes it sends. */
    static final class MemoryBucket extends Storage {
        final Map<String, byte[]> objects = new HashMap<>();
        long sent;
        int listings;
        int gets;

        @Override
        public Map<String, Long> jobFileSizes(String jobId) {
            listings++;
            String folder = Storage.jobKey(jobId, "");
            return objects.entrySet().stream().filter(o -> o.getKey().startsWith(folder))
                    .collect(Collectors.toMap(o -> o.getKey().substring(folder.length()), o -> (long) o.getValue().length));
        }

        @Override
        public InputStream read(String key, long first, long length) {
            byte[] object = objects.get(key);
            if (object == null) {
                throw new UncheckedIOException(new IOException("object " + key + " vanished while it was being served"));
            }
            int end = (int) Math.min(object.length, first + length);
            sent += end - first;
            gets++;
            return new ByteArrayInputStream(object, (int) first, end - (int) first);
        }
    }

    @Test
    void anyRangeOfThePartsLaidEndToEndIsThoseBytesFromTheFolderAndFromTheBucket(@TempDir Path folder) throws IOException {
        Random random = new Random(7);
        MemoryBucket bucket = new MemoryBucket();
        // one part larger than a chunk, an empty one, and small ones: ranges start and end in each
        // and a piece made in memory, and one from the middle of a file
        int[] sizes = {100, 0, 200_000, 1, 65_536, 37};
        List<Downloads.Piece> parts = new ArrayList<>();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (int i = 0; i < sizes.length; i++) {
            byte[] bytes = new byte[sizes[i]];
            random.nextBytes(bytes);
            store(folder, bucket, "part" + i, bytes);
            parts.add(new Downloads.Piece("part" + i, 0, bytes.length, null, false));
            whole.write(bytes);
        }
        byte[] made = {1, 2, 3, 4, 5};
        parts.add(1, new Downloads.Piece(null, 0, made.length, made, false));
        byte[] file = new byte[1000];
        random.nextBytes(file);
        store(folder, bucket, "middle", file);
        parts.add(new Downloads.Piece("middle", 300, 400, null, false));
        byte[] all0 = whole.toByteArray();
        whole.reset();
        whole.write(all0, 0, 100);
        whole.write(made);
        whole.write(all0, 100, all0.length - 100);
        whole.write(file, 300, 400);
        TsAudioTest.Stream ts = TsAudioTest.stream(5);
        store(folder, bucket, "segment_00001.ts", ts.ts());
        parts.add(new Downloads.Piece("segment_00001.ts", 0, ts.audio().length, null, true));
        whole.write(ts.audio());
        byte[] all = whole.toByteArray();
        long[][] ranges = {{0, all.length}, {0, 1}, {99, 2}, {100, 200_000}, {150_000, 115_574}, {all.length - 1, 1},
                {200_100, 1}, {200_101, 65_536}, {5, all.length - 5}, {98, 10}, {102, 1}, {all.length - 1200, 800},
                {all.length - ts.audio().length - 3, 10}, {all.length - 200, 200}};
        List<DownloadSource> sources = List.of(new DownloadSource.Folder(folder), new DownloadSource.Bucket(bucket, JOB, new HashMap<>()));
        for (DownloadSource source : sources) {
            for (long[] range : ranges) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Downloads.write(source, parts, range[0], range[1], out);
                assertArrayEquals(Arrays.copyOfRange(all, (int) range[0], (int) (range[0] + range[1])), out.toByteArray(),
                        source.getClass().getSimpleName() + ": bytes " + range[0] + " + " + range[1]);
            }
        }
        bucket.sent = 0;
        Downloads.write(sources.get(1), parts, 150_000, 10, new ByteArrayOutputStream());
        assertEquals(10, bucket.sent, "a run of a stored file is one ranged read of those bytes, not of the object");
    }

    @Test
    void theBucketsSizesComeFromOneListingAndAMissingOrVanishedObjectIsAMissingFile() throws IOException {
        MemoryBucket bucket = new MemoryBucket();
        bucket.objects.put(Storage.jobKey(JOB, "init.mp4"), new byte[]{1, 2, 3});
        bucket.objects.put(Storage.jobKey(JOB, "segment_00001.m4s"), new byte[700]);
        bucket.objects.put(Storage.jobKey("another-job", "segment_00002.m4s"), new byte[9]);
        DownloadSource source = new DownloadSource.Bucket(bucket, JOB, new HashMap<>());
        assertEquals(3, source.size("init.mp4"));
        assertEquals(700, source.size("segment_00001.m4s"));
        assertThrows(NoSuchFileException.class, () -> source.size("segment_00002.m4s"), "another job's object");
        assertEquals(1, bucket.listings);
        assertArrayEquals(new byte[]{1, 2, 3}, source.read("init.mp4"));

        bucket.objects.remove(Storage.jobKey(JOB, "segment_00001.m4s"));
        IOException vanished = assertThrows(IOException.class, () -> source.read("segment_00001.m4s"));
        assertTrue(vanished.getMessage().contains("vanished"), vanished.getMessage());
    }

    @Test
    void aBucketSegmentsMdatsAreFoundFromRangedReadsOfItsBoxHeadersOnceAsInTheFolder(@TempDir Path folder) throws IOException {
        int window = DownloadSource.Bucket.HEADERS;
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        // a box whose end puts the next header across the first read's end; that one a large-size mdat
        segment.write(box("free", window - 4 - 8));
        byte[] payload = new byte[40_000];
        new Random(3).nextBytes(payload);
        segment.write(java.nio.ByteBuffer.allocate(16).putInt(1).put("mdat".getBytes(StandardCharsets.US_ASCII))
                .putLong(16 + payload.length).array());
        segment.write(payload);
        segment.write(box("moof", 500));
        segment.write(box("mdat", 3000));
        MemoryBucket bucket = new MemoryBucket();
        store(folder, bucket, "segment_00001.m4s", segment.toByteArray());
        Map<String, List<FlacInMp4.Slice>> cache = new HashMap<>();

        List<FlacInMp4.Slice> fromFolder = new DownloadSource.Folder(folder).mdatPayloads("segment_00001.m4s");
        assertEquals(List.of(new FlacInMp4.Slice(window - 4 + 16, payload.length),
                new FlacInMp4.Slice(window - 4 + 16 + payload.length + 508 + 8, 3000)), fromFolder);
        assertEquals(fromFolder, new DownloadSource.Bucket(bucket, JOB, cache).mdatPayloads("segment_00001.m4s"));
        assertEquals(3, bucket.gets, "the first read, the header across its end, the header after the large mdat");
        assertTrue(bucket.sent < 3L * window, "box headers, not the segment: " + bucket.sent);
        assertEquals(fromFolder, new DownloadSource.Bucket(bucket, JOB, cache).mdatPayloads("segment_00001.m4s"));
        assertEquals(3, bucket.gets, "another request finds them in the cache");
    }

    /** A box of that many payload bytes, all zero. */
    private static byte[] box(String type, int payload) {
        return java.nio.ByteBuffer.allocate(8 + payload).putInt(8 + payload).put(type.getBytes(StandardCharsets.US_ASCII)).array();
    }

    private static final String JOB = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private static void store(Path folder, MemoryBucket bucket, String name, byte[] bytes) throws IOException {
        Files.write(folder.resolve(name), bytes);
        bucket.objects.put(Storage.jobKey(JOB, name), bytes);
    }

    /** A connection that takes {@code limit} bytes, then fails as a socket whose peer has gone does. */
    private static final class DroppedConnection extends OutputStream {
        final int limit;
        int written;
        int callsAfterFailure;

        DroppedConnection(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (written + length > limit) {
                callsAfterFailure += written > limit ? 1 : 0;
                written = limit + 1;
                throw new IOException("Broken pipe");
            }
            written += length;
        }
    }

    /** A client that drops a download is no error: one quiet DEBUG line without a stack trace, and no more writes. */
    @Test
    void aClientThatGoesMidwayEndsTheDownloadQuietly(@TempDir Path folder) throws IOException {
        byte[] bytes = new byte[300_000];
        new Random(3).nextBytes(bytes);
        Files.write(folder.resolve("a.m4s"), bytes);
        Files.write(folder.resolve("b.m4s"), bytes);
        DownloadSource source = new DownloadSource.Folder(folder);
        List<Downloads.Piece> parts = List.of(new Downloads.Piece("a.m4s", 0, bytes.length, null, false),
                new Downloads.Piece("b.m4s", 0, bytes.length, null, false));
        Recording log = new Recording();
        DroppedConnection connection = new DroppedConnection(100_000);
        assertFalse(Downloads.send("job-1", source, parts, 0, 2L * bytes.length, connection, log));
        assertEquals(0, connection.callsAfterFailure, "nothing more is written to a closed connection");
        assertEquals(List.of(System.Logger.Level.DEBUG), log.levels, log.messages.toString());
        assertFalse(log.withThrowable, "no stack trace");
        assertTrue(log.messages.get(0).contains("job-1") && log.messages.get(0).contains("Broken pipe"), log.messages.toString());

        Recording quiet = new Recording();
        assertTrue(Downloads.send("job-1", source, parts, 5, 1000, new java.io.ByteArrayOutputStream(), quiet));
        assertTrue(quiet.messages.isEmpty(), "a whole download logs nothing");
    }

    /** Records what is logged, at every level. */
    private static final class Recording implements System.Logger {
        final List<System.Logger.Level> levels = new ArrayList<>();
        final List<String> messages = new ArrayList<>();
        boolean withThrowable;

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, java.util.ResourceBundle bundle, String message, Throwable thrown) {
            levels.add(level);
            messages.add(message);
            withThrowable |= thrown != null;
        }

        @Override
        public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
            levels.add(level);
            messages.add(java.text.MessageFormat.format(format, params));
        }
    }

    /** Only the client's connection is forgiven: a part that cannot be read is still our error. */
    @Test
    void aPartThatCannotBeReadStillFails(@TempDir Path folder) throws IOException {
        Path gone = folder.resolve("gone.m4s");
        DownloadSource source = new DownloadSource.Folder(folder);
        List<Downloads.Piece> parts = List.of(new Downloads.Piece("gone.m4s", 0, 1000, null, false));
        assertThrows(IOException.class, () -> Downloads.send("job-1", source, parts, 0, 1000, new java.io.ByteArrayOutputStream()));
        Files.write(gone, new byte[10]);
        IOException shrank = assertThrows(IOException.class,
                () -> Downloads.send("job-1", source, parts, 0, 1000, new java.io.ByteArrayOutputStream()));
        assertTrue(shrank.getMessage().contains("shrank"), shrank.getMessage());
    }
}
