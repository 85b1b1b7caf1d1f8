package io.streamserver.platform.control;

import java.nio.file.Path;

/** The platform's data directory and disk-space rules, set up in a folder for unit tests of other packages. */
public final class TestDataDirectory {

    private TestDataDirectory() {
    }

    public static DataDirectory at(Path root) {
        DataDirectory data = new DataDirectory();
        data.dataDir = root.toString();
        data.create();
        return data;
    }

    public static DiskSpace diskSpace(DataDirectory data, long minFreeBytes) {
        DiskSpace disk = new DiskSpace();
        disk.data = data;
        disk.minFreeBytes = minFreeBytes;
        return disk;
    }
}
