package io.streamserver.platform.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
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
     * A secret generated at first start and kept in the data directory as Base64, readable by the owner only: the same
     * bytes after every restart, and for every server sharing the directory (the first one to write it wins).
     */
    public byte[] secret(String fileName, int bytes) {
        Path file = root.resolve(fileName);
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[bytes];
                new SecureRandom().nextBytes(fresh);
                Path partial = Files.createTempFile(root, fileName, ".part",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(partial, Base64.getEncoder().encode(fresh));
                try {
                    Files.move(partial, file);
                } catch (FileAlreadyExistsException e) {
                    Files.delete(partial); // another node of a shared data directory was first
                }
            }
            return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret " + file, e);
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
