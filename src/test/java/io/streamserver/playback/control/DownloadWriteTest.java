package io.streamserver.playback.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownloadWriteTest {

    @Test
    void anyRangeOfThePartsLaidEndToEndIsThoseBytes(@TempDir Path folder) throws IOException {
        Random random = new Random(7);
        // one part larger than a chunk, an empty one, and small ones: ranges start and end in each
        // and a piece made in memory, and one from the middle of a file
        int[] sizes = {100, 0, 200_000, 1, 65_536, 37};
        List<Downloads.Piece> parts = new ArrayList<>();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (int i = 0; i < sizes.length; i++) {
            byte[] bytes = new byte[sizes[i]];
            random.nextBytes(bytes);
            Path file = Files.write(folder.resolve("part" + i), bytes);
            parts.add(new Downloads.Piece(file, 0, bytes.length, null, false));
            whole.write(bytes);
        }
        byte[] made = {1, 2, 3, 4, 5};
        parts.add(1, new Downloads.Piece(null, 0, made.length, made, false));
        byte[] file = new byte[1000];
        random.nextBytes(file);
        parts.add(new Downloads.Piece(Files.write(folder.resolve("middle"), file), 300, 400, null, false));
        byte[] all0 = whole.toByteArray();
        whole.reset();
        whole.write(all0, 0, 100);
        whole.write(made);
        whole.write(all0, 100, all0.length - 100);
        whole.write(file, 300, 400);
        TsAudioTest.Stream ts = TsAudioTest.stream(5);
        parts.add(new Downloads.Piece(Files.write(folder.resolve("segment_00001.ts"), ts.ts()), 0, ts.audio().length, null, true));
        whole.write(ts.audio());
        byte[] all = whole.toByteArray();
        long[][] ranges = {{0, all.length}, {0, 1}, {99, 2}, {100, 200_000}, {150_000, 115_574}, {all.length - 1, 1},
                {200_100, 1}, {200_101, 65_536}, {5, all.length - 5}, {98, 10}, {102, 1}, {all.length - 1200, 800},
                {all.length - ts.audio().length - 3, 10}, {all.length - 200, 200}};
        for (long[] range : ranges) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Downloads.write(parts, range[0], range[1], out);
            assertArrayEquals(Arrays.copyOfRange(all, (int) range[0], (int) (range[0] + range[1])), out.toByteArray(),
                    "bytes " + range[0] + " + " + range[1]);
        }
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
        List<Downloads.Piece> parts = List.of(new Downloads.Piece(Files.write(folder.resolve("a.m4s"), bytes), 0, bytes.length, null, false),
                new Downloads.Piece(Files.write(folder.resolve("b.m4s"), bytes), 0, bytes.length, null, false));
        Recording log = new Recording();
        DroppedConnection connection = new DroppedConnection(100_000);
        assertFalse(Downloads.send("job-1", parts, 0, 2L * bytes.length, connection, log));
        assertEquals(0, connection.callsAfterFailure, "nothing more is written to a closed connection");
        assertEquals(List.of(System.Logger.Level.DEBUG), log.levels, log.messages.toString());
        assertFalse(log.withThrowable, "no stack trace");
        assertTrue(log.messages.get(0).contains("job-1") && log.messages.get(0).contains("Broken pipe"), log.messages.toString());

        Recording quiet = new Recording();
        assertTrue(Downloads.send("job-1", parts, 5, 1000, new java.io.ByteArrayOutputStream(), quiet));
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
        List<Downloads.Piece> parts = List.of(new Downloads.Piece(gone, 0, 1000, null, false));
        assertThrows(IOException.class, () -> Downloads.send("job-1", parts, 0, 1000, new java.io.ByteArrayOutputStream()));
        Files.write(gone, new byte[10]);
        IOException shrank = assertThrows(IOException.class,
                () -> Downloads.send("job-1", parts, 0, 1000, new java.io.ByteArrayOutputStream()));
        assertTrue(shrank.getMessage().contains("shrank"), shrank.getMessage());
    }
}
