package io.streamserver.jobs.control;

import io.streamserver.platform.control.DataDirectory;
import io.streamserver.platform.control.DiskSpace;
import io.streamserver.platform.control.Uuids;
import io.streamserver.storage.control.Storage;
import io.streamserver.storage.control.StorageUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A job's files in the data directory: one folder per job with its HLS output, the encoder's scratch folder inside
 * it, its ffmpeg log, and the upload it was made from. Every path is built from a validated job id. With
 * STREAM_STORAGE=s3 the upload and the published output live in the bucket, under the same names, and the data
 * directory holds the encoder's scratch files, the ffmpeg log and a copy of the upload while it is encoded.
 */
@ApplicationScoped
public class JobFiles {

    static final String ENCODER_FOLDER = ".encoder";
    private static final System.Logger LOG = System.getLogger(JobFiles.class.getName());

    @Inject
    DataDirectory data;

    @Inject
    DiskSpace disk;

    @Inject
    Storage storage;

    /** Whether the published files are in the bucket (STREAM_STORAGE=s3) rather than in the job folder. */
    public boolean inBucket() {
        return storage.inBucket();
    }

    /** The job's published folder; segments appear here only once complete. */
    public Path jobFolder(String jobId) {
        return data.jobs().resolve(Uuids.canonical(jobId));
    }

    /** Where ffmpeg writes while it encodes: segments move from here to the job folder when complete. */
    public Path encoderFolder(String jobId) {
        return jobFolder(jobId).resolve(ENCODER_FOLDER);
    }

    /** ffmpeg's standard error for the job, kept so that a failure can be explained. */
    public Path ffmpegLog(String jobId) {
        return jobFolder(jobId).resolve("ffmpeg.log");
    }

    /**
     * Removes the job's folder: its segments, its encoder scratch files and its ffmpeg log; and its objects in the
     * bucket, one at a time. A network call with a bucket: never inside a transaction.
     */
    public void removeJobFolder(String jobId) throws IOException {
        DataDirectory.deleteTree(jobFolder(jobId));
        if (storage.inBucket()) {
            try {
                storage.deleteJob(Uuids.canonical(jobId));
            } catch (StorageUnavailableException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    /** Puts a finished file of the job's output into the bucket, under its name; the caller then records it. */
    public void publish(String jobId, Path file, String name) {
        storage.put(Storage.jobKey(Uuids.canonical(jobId), name), file);
    }

    /** The names of the job's files in the bucket (one listing, not a request per file). */
    public Set<String> published(String jobId) {
        return storage.jobFiles(Uuids.canonical(jobId));
    }

    /**
     * The upload, on this server's disk for ffmpeg, which reads local files only: with a bucket, the encoding server
     * may not be the one that took the upload, so it fetches its own copy. A network call: never in a transaction.
     */
    public Path localUpload(String fileName) throws IOException {
        Path local = data.upload(fileName);
        if (storage.inBucket() && !Files.exists(local)) {
            try {
                storage.fetch(Storage.uploadKey(fileName), local);
            } catch (StorageUnavailableException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return local;
    }

    /** With a bucket, this server's copy of an upload that the bucket keeps for a retry. */
    public void dropLocalUpload(String fileName) {
        if (storage.inBucket() && fileName != null) {
            try {
                Files.deleteIfExists(data.upload(fileName));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot delete the local copy of upload " + fileName, e);
            }
        }
    }

    public void removeEncoderFolder(String jobId) throws IOException {
        DataDirectory.deleteTree(encoderFolder(jobId));
    }

    /** The upload a job is made from. */
    public Path upload(String fileName) {
        return data.upload(fileName);
    }

    /** The upload a job was made from, once no job needs it any more. */
    public void deleteUpload(String fileName) {
        try {
            Files.deleteIfExists(data.upload(fileName));
            if (storage.inBucket()) {
                storage.delete(Storage.uploadKey(fileName));
            }
        } catch (IOException | StorageUnavailableException e) {
            LOG.log(Level.WARNING, "cannot delete upload " + fileName, e);
        }
    }

    /** A job that failed on a nearly full disk: its partial segments go, so that they make room rather than take it. */
    public boolean releaseFailedJob(String jobId) {
        if (!disk.isLow()) {
            return false;
        }
        try {
            // the local disk is what is short: a bucket's partial output stays
            DataDirectory.deleteTree(jobFolder(jobId));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "job " + jobId + ": cannot delete its partial output", e);
            return false;
        }
        LOG.log(Level.WARNING, "job {0}: failed while the disk is nearly full; its partial output was deleted", jobId);
        return true;
    }
}
