package io.streamserver.monitoring.boundary;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskSpaceCheckTest {

    @Test
    void freeBytesOfTheFolderItsFileSystemHasAndAnErrorForAMissingOne() throws IOException {
        long free = DiskSpaceCheck.freeBytes(Path.of("."));
        assertTrue(free > 0 && free <= Path.of(".").toFile().getTotalSpace(), String.valueOf(free));
        assertThrows(IOException.class, () -> DiskSpaceCheck.freeBytes(Path.of("/no/such/folder")));
    }
}
