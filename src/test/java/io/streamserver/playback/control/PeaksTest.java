package io.streamserver.playback.control;

import io.streamserver.media.control.Waveform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PeaksTest {

    @Test
    void thePeaksFileInTheJobFolderIsFound(@TempDir Path job) throws IOException {
        Path file = Files.writeString(job.resolve(Waveform.FILE_NAME), "{\"version\":2}");

        assertEquals(Optional.of(file), Peaks.regularFile(job.resolve(Waveform.FILE_NAME)));
    }

    @Test
    void noFileIsNoWaveform(@TempDir Path job) {
        assertEquals(Optional.empty(), Peaks.regularFile(job.resolve(Waveform.FILE_NAME)));
    }

    @Test
    void aFolderOfThatNameIsNotServed(@TempDir Path job) throws IOException {
        Files.createDirectories(job.resolve(Waveform.FILE_NAME));

        assertEquals(Optional.empty(), Peaks.regularFile(job.resolve(Waveform.FILE_NAME)));
    }

    @Test
    void aSymbolicLinkToAFileElsewhereIsNotFollowed(@TempDir Path temp) throws IOException {
        Path secret = Files.writeString(temp.resolve("secret.json"), "{\"key\":\"x\"}");
        Path job = Files.createDirectories(temp.resolve("job"));
        Files.createSymbolicLink(job.resolve(Waveform.FILE_NAME), secret);

        assertEquals(Optional.empty(), Peaks.regularFile(job.resolve(Waveform.FILE_NAME)));
    }
}
