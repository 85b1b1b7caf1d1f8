package io.streamserver.console.control;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FfmpegLogsTest {

    @Test
    void serverPathsBecomeRelativeToTheDataDirectory() {
        Path root = Path.of("/srv/stream-data");
        assertEquals("uploads/x.source: Invalid data found when processing input",
                FfmpegLogs.withoutServerPaths("/srv/stream-data/uploads/x.source: Invalid data found when processing input", root));
        assertEquals("cannot write to .", FfmpegLogs.withoutServerPaths("cannot write to /srv/stream-data", root));
        assertEquals("/other/place stays", FfmpegLogs.withoutServerPaths("/other/place stays", root));
    }
}
