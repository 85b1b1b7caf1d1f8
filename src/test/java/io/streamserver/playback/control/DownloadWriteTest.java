package io.streamserver.playback.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
}
