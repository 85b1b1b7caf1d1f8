package io.streamserver.monitoring.boundary;

import io.streamserver.media.control.Ffmpeg;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Optional;

/**
 * Ready only while ffmpeg runs. /health is open to anyone, so it names no version: an attacker would look up that
 * version's CVEs (`ffmpeg -version` on the host says it). ffmpeg is run at start and again only when its file
 * changes (an upgrade) or its last run failed; in between, a refresh only looks that the file is still there.
 */
@Readiness
@ApplicationScoped
public class FfmpegCheck extends RefreshedCheck {

    @Inject
    Ffmpeg ffmpeg;

    /** The installed file that last ran well, or null. */
    private volatile String ran;

    @Override
    protected String name() {
        return "ffmpeg";
    }

    @Override
    protected HealthCheckResponse check() {
        Optional<String> installed = ffmpeg.installed();
        if (installed.isPresent() && installed.get().equals(ran)) {
            return HealthCheckResponse.named(name()).up().build();
        }
        ran = null;
        if (installed.isPresent() && ffmpeg.version().isPresent()) {
            ran = installed.get();
            return HealthCheckResponse.named(name()).up().build();
        }
        return HealthCheckResponse.named(name()).down().withData("error", "ffmpeg cannot be run (FFMPEG_PATH)").build();
    }
}
