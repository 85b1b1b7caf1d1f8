package io.streamserver.platform.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataDirectoryTest {

    @Test
    void deleteTreeRemovesAFolderWithEverythingInIt(@TempDir Path temp) throws IOException {
        Path folder = temp.resolve("encoder");
        Files.createDirectories(folder.resolve("nested"));
        Files.writeString(folder.resolve("segment_00001.ts"), "x");
        Files.writeString(folder.resolve("nested").resolve("encoder.m3u8"), "#EXTM3U");

        DataDirectory.deleteTree(folder);

        assertFalse(Files.exists(folder));
        assertTrue(Files.exists(temp));
    }

    @Test
    void deleteTreeOfAMissingFolderDoesNothing(@TempDir Path temp) throws IOException {
        DataDirectory.deleteTree(temp.resolve("missing"));

        assertTrue(Files.isDirectory(temp));
    }

    @Test
    void deleteTreeDoesNotFollowASymbolicLinkOutOfTheFolder(@TempDir Path temp) throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "x");
        Path folder = Files.createDirectories(temp.resolve("job"));
        Files.createSymbolicLink(folder.resolve("link"), outside);

        DataDirectory.deleteTree(folder);

        assertFalse(Files.exists(folder));
        assertTrue(Files.exists(outside.resolve("keep.txt")));
    }
}
