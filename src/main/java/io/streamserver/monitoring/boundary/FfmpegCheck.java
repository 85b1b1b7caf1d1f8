package io.streamserver.monitoring.boundary;

import io.streamserver.transcoding.control.Ffmpeg;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while ffmpeg runs. /health is open to anyone, so it names no version: an attacker would look up that
 * version's CVEs (`ffmpeg -version` on the host says it).
 */
@Readiness
@ApplicationScoped
public class FfmpegCheck implements HealthCheck {

    @Inject
    Ffmpeg ffmpeg;

    @Override
    public HealthCheckResponse call() {
        return ffmpeg.version()
                .map(version -> HealthCheckResponse.named("ffmpeg").up().build())
                .orElseGet(() -> HealthCheckResponse.named("ffmpeg").down()
                        .withData("error", "ffmpeg cannot be run (FFMPEG_PATH)").build());
    }
}
