package io.streamserver.platform.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The disk-space rules, with thresholds on either side of the real free space of a temporary data directory. */
class DiskSpaceTest {

    private static final String JOB = "550e8400-e29b-41d4-a716-446655440000";

    @TempDir
    Path root;

    private DiskSpace diskSpace(long minFreeBytes) {
        DataDirectory data = new DataDirectory();
        data.dataDir = root.toString();
        data.create();
        DiskSpace disk = new DiskSpace();
        disk.data = data;
        disk.minFreeBytes = minFreeBytes;
        return disk;
    }

    private Path partialJob(DiskSpace disk) throws IOException {
        Path folder = Files.createDirectories(disk.data.encoderFolder(JOB));
        Files.writeString(folder.resolve("segment_00003.ts"), "partial");
        Files.writeString(disk.data.jobFolder(JOB).resolve("segment_00001.ts"), "complete");
        return disk.data.jobFolder(JOB);
    }

    @Test
    void belowTheThresholdUploadsGetInsufficientStorage() {
        InsufficientStorageException refused = assertThrows(InsufficientStorageException.class,
                () -> diskSpace(Long.MAX_VALUE).requireRoomForUpload());

        assertTrue(refused.getMessage().contains("STREAM_MIN_FREE_BYTES"), refused.getMessage());
    }

    @Test
    void aboveTheThresholdUploadsAreTaken() {
        DiskSpace disk = diskSpace(1);
        assertTrue(disk.usableBytes() > 1);
        assertFalse(disk.isLow());
        assertDoesNotThrow(disk::requireRoomForUpload);
    }

    @Test
    void aJobFailingOnAFullDiskLeavesNoFilesBehind() throws IOException {
        DiskSpace disk = diskSpace(Long.MAX_VALUE);
        Path folder = partialJob(disk);

        assertTrue(disk.releaseFailedJob(JOB));

        assertFalse(Files.exists(folder));
    }

    @Test
    void aJobFailingWithRoomToSpareKeepsItsFilesForInspection() throws IOException {
        DiskSpace disk = diskSpace(1);
        Path folder = partialJob(disk);

        assertFalse(disk.releaseFailedJob(JOB));

        assertTrue(Files.exists(folder.resolve("segment_00001.ts")));
    }
}
