package io.streamserver.jobs.control;

import io.streamserver.platform.control.DataDirectory;
import io.streamserver.platform.control.TestDataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job's files, in a temporary data directory whose free space is on either side of the threshold. */
class JobFilesTest {

    private static final String JOB = "550e8400-e29b-41d4-a716-446655440000";

    @TempDir
    Path root;

    private JobFiles files(long minFreeBytes) {
        DataDirectory data = TestDataDirectory.at(root);
        JobFiles files = new JobFiles();
        files.data = data;
        files.disk = TestDataDirectory.diskSpace(data, minFreeBytes);
        files.storage = new io.streamserver.storage.control.Storage(); // local: no bucket
        return files;
    }

    private Path partialJob(JobFiles files) throws IOException {
        Path folder = Files.createDirectories(files.encoderFolder(JOB));
        Files.writeString(folder.resolve("segment_00003.ts"), "partial");
        Files.writeString(files.jobFolder(JOB).resolve("segment_00001.ts"), "complete");
        return files.jobFolder(JOB);
    }

    @Test
    void aJobsFolderIsNamedByItsCanonicalIdAndNothingElse() {
        JobFiles files = files(1);

        assertEquals(root.resolve("jobs").resolve(JOB), files.jobFolder(JOB.toUpperCase()));
        assertEquals(files.jobFolder(JOB).resolve(".encoder"), files.encoderFolder(JOB));
        assertThrows(IllegalArgumentException.class, () -> files.jobFolder("../uploads"));
        assertThrows(IllegalArgumentException.class, () -> files.upload("../jobs"));
    }

    @Test
    void aJobFailingOnAFullDiskLeavesNoFilesBehind() throws IOException {
        JobFiles files = files(Long.MAX_VALUE);
        Path folder = partialJob(files);

        assertTrue(files.releaseFailedJob(JOB));

        assertFalse(Files.exists(folder));
    }

    @Test
    void aJobFailingWithRoomToSpareKeepsItsFilesForInspection() throws IOException {
        JobFiles files = files(1);
        Path folder = partialJob(files);

        assertFalse(files.releaseFailedJob(JOB));

        assertTrue(Files.exists(folder.resolve("segment_00001.ts")));
    }

    @Test
    void aFinishedJobsUploadIsDeletedAndAMissingOneIsNoError() throws IOException {
        JobFiles files = files(1);
        Path upload = Files.writeString(files.upload("upload-1.bin"), "audio");

        files.deleteUpload("upload-1.bin");
        files.deleteUpload("upload-1.bin");

        assertFalse(Files.exists(upload));
    }
}
