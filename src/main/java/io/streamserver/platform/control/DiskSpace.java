package io.streamserver.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;

/**
 * Keeps the data directory's file system from filling up: below STREAM_MIN_FREE_BYTES no upload is taken, and a
 * job that fails meanwhile leaves no partial output behind (the jobs component asks {@link #isLow()}).
 */
@ApplicationScoped
public class DiskSpace {

    private static final System.Logger LOG = System.getLogger(DiskSpace.class.getName());

    @Inject
    DataDirectory data;

    @Inject
    @ConfigProperty(name = "stream.min-free-bytes")
    long minFreeBytes;

    /** Bytes this process may still write to the data directory's file system. */
    public long usableBytes() {
        try {
            return Files.getFileStore(data.root()).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the free space of the data directory", e);
        }
    }

    public boolean isLow() {
        return usableBytes() < minFreeBytes;
    }

    /** Refuses new work while free space is below the threshold. */
    public void requireRoomForUpload() {
        long usable = usableBytes();
        if (usable < minFreeBytes) {
            LOG.log(Level.WARNING, "upload refused: {0} bytes free in the data directory, {1} required",
                    usable, minFreeBytes);
            throw new InsufficientStorageException("the server is short of disk space (" + usable + " bytes free, "
                    + minFreeBytes + " required by STREAM_MIN_FREE_BYTES); try again later");
        }
    }
}
