package io.streamserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

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

    /** Unpacks a zipped folder from the test resources, such as a data directory that an older version made. */
    public static Path unzip(String resource, Path folder) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(DataFolder.class.getResourceAsStream(resource))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = folder.resolve(entry.getName()).normalize();
                if (!target.startsWith(folder)) {
                    throw new IOException("outside the folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        return folder;
    }
}
