package io.streamserver.platform.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The server's data directory (STREAM_DATA_DIR) and its top-level folders; what goes in them is the business
 * components' to say. Every path handed out stays inside its folder.
 */
@ApplicationScoped
public class DataDirectory {

    @Inject
    @ConfigProperty(name = "stream.data-dir")
    String dataDir;

    private Path root;
    private Path uploads;
    private Path jobs;

    @PostConstruct
    void create() {
        root = Path.of(dataDir).toAbsolutePath().normalize();
        uploads = root.resolve("uploads");
        jobs = root.resolve("jobs");
        try {
            Files.createDirectories(uploads);
            Files.createDirectories(jobs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + root + " (set STREAM_DATA_DIR)", e);
        }
    }

    public Path root() {
        return root;
    }

    /** Where uploaded files wait for their jobs. */
    public Path uploads() {
        return uploads;
    }

    /** Where the jobs' folders are. */
    public Path jobs() {
        return jobs;
    }

    /** A file directly in the uploads folder, never elsewhere. */
    public Path upload(String fileName) {
        Path file = uploads.resolve(fileName).normalize();
        if (!file.getParent().equals(uploads)) {
            throw new IllegalArgumentException("not an upload file name: " + fileName);
        }
        return file;
    }

    /**
     * The Base64 content of a secret's file directly in the data directory, where a server of before generated it:
     * empty when there is none. Such secrets now live in the database ({@link GeneratedSecrets}).
     */
    Optional<String> secretFile(String fileName) {
        Path file = root.resolve(fileName).normalize();
        if (!root.equals(file.getParent())) {
            throw new IllegalArgumentException("not a secret's file name: " + fileName);
        }
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secret " + file, e);
        }
    }

    /** Removes a folder and everything in it, without following a symbolic link out of it. */
    public static void deleteTree(Path folder) throws IOException {
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
