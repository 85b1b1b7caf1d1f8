package io.streamserver.monitoring.boundary;

import io.streamserver.platform.control.DataDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Ready only while the data directory has at least STREAM_MIN_FREE_BYTES free, so uploads and encodes can land. */
@Readiness
@ApplicationScoped
public class DiskSpaceCheck implements HealthCheck {

    @Inject
    DataDirectory data;

    @Inject
    @ConfigProperty(name = "stream.min-free-bytes")
    long minFreeBytes;

    @Override
    public HealthCheckResponse call() {
        try {
            long free = freeBytes(data.root());
            return HealthCheckResponse.named("disk-space").status(free >= minFreeBytes)
                    .withData("free_bytes", free).withData("min_free_bytes", minFreeBytes).build();
        } catch (IOException e) {
            return HealthCheckResponse.named("disk-space").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }

    static long freeBytes(Path folder) throws IOException {
        return Files.getFileStore(folder).getUsableSpace();
    }
}
