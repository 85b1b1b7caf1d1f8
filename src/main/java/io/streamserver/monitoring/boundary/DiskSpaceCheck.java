package io.streamserver.monitoring.boundary;

import io.streamserver.platform.control.DiskSpace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the data directory has at least STREAM_MIN_FREE_BYTES free, the same rule that takes uploads. */
@Readiness
@ApplicationScoped
public class DiskSpaceCheck extends RefreshedCheck {

    @Inject
    DiskSpace diskSpace;

    @Inject
    @ConfigProperty(name = "stream.min-free-bytes")
    long minFreeBytes;

    @Override
    protected String name() {
        return "disk-space";
    }

    @Override
    protected HealthCheckResponse check() {
        long free = diskSpace.usableBytes();
        return HealthCheckResponse.named(name()).status(free >= minFreeBytes)
                .withData("free_bytes", free).withData("min_free_bytes", minFreeBytes).build();
    }
}
