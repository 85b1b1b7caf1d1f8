package io.streamserver.jobs.control;

import io.streamserver.platform.control.DataDirectory;
import io.streamserver.platform.control.DiskSpace;
import io.streamserver.platform.control.Uuids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A job's files in the data directory: one folder per job with its HLS output, the encoder's scratch folder inside
 * it, its ffmpeg log, and the upload it was made from. Every path is built from a validated job id.
 */
@ApplicationScoped
public class JobFiles {

    static final String ENCODER_FOLDER = ".encoder";
    private static final System.Logger LOG = System.getLogger(JobFiles.class.getName());

    @Inject
    DataDirectory data;

    @Inject
    DiskSpace disk;

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

    /** Removes the job's folder: its segments, its encoder scratch files and its ffmpeg log. */
    public void removeJobFolder(String jobId) throws IOException {
        DataDirectory.deleteTree(jobFolder(jobId));
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
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete upload " + fileName, e);
        }
    }

    /** A job that failed on a nearly full disk: its partial segments go, so that they make room rather than take it. */
    public boolean releaseFailedJob(String jobId) {
        if (!disk.isLow()) {
            return false;
        }
        try {
            removeJobFolder(jobId);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "job " + jobId + ": cannot delete its partial output", e);
            return false;
        }
        LOG.log(Level.WARNING, "job {0}: failed while the disk is nearly full; its partial output was deleted", jobId);
        return true;
    }
}
