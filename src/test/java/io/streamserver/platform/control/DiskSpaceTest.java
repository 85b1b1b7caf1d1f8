package io.streamserver.platform.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The disk-space rules, with thresholds on either side of the real free space of a temporary data directory. */
class DiskSpaceTest {

    @TempDir
    Path root;

    private DiskSpace diskSpace(long minFreeBytes) {
        return TestDataDirectory.diskSpace(TestDataDirectory.at(root), minFreeBytes);
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
}
