package io.streamserver.platform.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The server's data directory: uploads waiting to be transcoded, and one folder per job with its HLS output.
 * Every path handed out is built from a validated UUID, never from raw request text.
 */
@ApplicationScoped
public class DataDirectory {

    static final String ENCODER_FOLDER = ".encoder";

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

    public Path uploads() {
        return uploads;
    }

    /** The job's published folder; segments appear here only once complete. */
    public Path jobFolder(String jobId) {
        return jobs.resolve(canonicalUuid(jobId));
    }

    /** Where ffmpeg writes while it encodes: segments move from here to the job folder when complete. */
    public Path encoderFolder(String jobId) {
        return jobFolder(jobId).resolve(ENCODER_FOLDER);
    }

    /** ffmpeg's standard error for the job, kept so that a failure can be explained. */
    public Path ffmpegLog(String jobId) {
        return jobFolder(jobId).resolve("ffmpeg.log");
    }

    /** Removes the job's folder: its segments, its encoder scratch files and its ffmpeg log. */
    public void removeJobFolder(String jobId) throws IOException {
        deleteTree(jobFolder(jobId));
    }

    public void removeEncoderFolder(String jobId) throws IOException {
        deleteTree(encoderFolder(jobId));
    }

    public static void deleteTree(Path folder) throws IOException {
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    public Path upload(String fileName) {
        Path file = uploads.resolve(fileName).normalize();
        if (!file.getParent().equals(uploads)) {
            throw new IllegalArgumentException("not an upload file name: " + fileName);
        }
        return file;
    }

    /** The UUID in its canonical lower-case form, or an IllegalArgumentException. */
    public static String canonicalUuid(String value) {
        if (value == null || value.length() != 36) {
            throw new IllegalArgumentException("not a job id");
        }
        String canonical = UUID.fromString(value).toString();
        if (!canonical.equalsIgnoreCase(value)) {
            throw new IllegalArgumentException("not a job id");
        }
        return canonical;
    }

    public static boolean isUuid(String value) {
        try {
            canonicalUuid(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
