package io.streamserver.intake.control;

import io.streamserver.media.entity.InvalidParameterException;
import io.streamserver.platform.control.DataDirectory;
import io.streamserver.platform.control.DiskSpace;
import io.streamserver.storage.control.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.UUID;

/** Streams uploads to the data directory under generated names; an upload is never held whole in memory. */
@ApplicationScoped
public class Uploads {

    private static final System.Logger LOG = System.getLogger(Uploads.class.getName());
    private static final int BUFFER = 256 * 1024;

    /** Room for the form fields and the part headers on top of the file itself. */
    public static final long FORM_ALLOWANCE = 1024 * 1024;
    public static final int MAX_PARTS = 16;
    public static final int MAX_PART_HEADER_BYTES = 8 * 1024;

    @Inject
    DataDirectory data;

    @Inject
    DiskSpace disk;

    @Inject
    Storage storage;

    @Inject
    @ConfigProperty(name = "stream.max-upload-bytes")
    long maxUploadBytes;

    /**
     * Reads an upload form as it streams in, within the upload limits; any other body is refused unread.
     * @param contentLength the request's Content-Length header, or null for a chunked body
     */
    public MultipartReader form(String contentType, String contentLength, InputStream body) {
        if (contentType == null || !contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new InvalidParameterException("file", "is required, as the field 'file' of a multipart/form-data body");
        }
        return new MultipartReader(body, contentType, declaredLength(contentLength), maxUploadBytes + FORM_ALLOWANCE,
                MAX_PARTS, MAX_PART_HEADER_BYTES);
    }

    /** A Content-Length header's value, beyond the 2 GiB of getLength(); -1 when absent (chunked) or not a number. */
    public static long declaredLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Stores the content, refusing an empty or oversized one, or any while the disk is nearly full;
     * the partial file never survives a failure.
     */
    public Path store(InputStream content) {
        disk.requireRoomForUpload();
        String name = UUID.randomUUID() + ".source";
        Path partial = data.upload(name + ".part");
        long size = 0;
        try (InputStream in = content; OutputStream out = Files.newOutputStream(partial)) {
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                size += read;
                if (size > maxUploadBytes) {
                    throw new UploadTooLargeException("file: larger than the limit of " + maxUploadBytes
                            + " bytes (STREAM_MAX_UPLOAD_BYTES)");
                }
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            deleteLocal(partial);
            disk.requireRoomForUpload();
            throw new UncheckedIOException("cannot store an upload", e);
        } catch (RuntimeException e) {
            deleteLocal(partial);
            throw e;
        }
        if (size == 0) {
            deleteLocal(partial);
            throw new InvalidParameterException("file", "is empty");
        }
        try {
            return Files.move(partial, data.upload(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteLocal(partial);
            throw new UncheckedIOException("cannot store an upload", e);
        }
    }

    /**
     * With a bucket (STREAM_STORAGE=s3), puts an accepted upload into it, where whichever server encodes the job
     * fetches it, and drops the local file; a network call, made before the job's transaction.
     */
    public void share(Path upload) {
        if (storage.inBucket()) {
            storage.put(Storage.uploadKey(upload.getFileName().toString()), upload);
            deleteLocal(upload);
        }
    }

    /** Deletes the upload, and with a bucket its object too (a no-op when it was never put there). */
    public void delete(Path upload) {
        deleteLocal(upload);
        if (storage.inBucket()) {
            try {
                storage.delete(Storage.uploadKey(upload.getFileName().toString()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot delete upload " + upload.getFileName() + " from the bucket", e);
            }
        }
    }

    private static void deleteLocal(Path upload) {
        try {
            Files.deleteIfExists(upload);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete upload " + upload.getFileName(), e);
        }
    }
}
