package io.streamserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The data directory that the tests share with the servers they start, for checks that nothing is left behind. */
public final class DataFolder {

    private DataFolder() {
    }

    public static Path root() {
        return Path.of(System.getenv("STREAM_DATA_DIR"));
    }

    /** The files in a folder, sorted; none while the server has not created the folder yet. */
    public static List<Path> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    public static List<Path> uploads() throws IOException {
        return list(root().resolve("uploads"));
    }
}
