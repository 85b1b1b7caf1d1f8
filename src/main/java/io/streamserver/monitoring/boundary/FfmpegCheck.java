package io.streamserver.monitoring.boundary;

import io.streamserver.transcoding.control.Ffmpeg;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while ffmpeg runs; reports its version line. */
@Readiness
@ApplicationScoped
public class FfmpegCheck implements HealthCheck {

    @Inject
    Ffmpeg ffmpeg;

    @Override
    public HealthCheckResponse call() {
        return ffmpeg.version()
                .map(version -> HealthCheckResponse.named("ffmpeg").up().withData("version", version).build())
                .orElseGet(() -> HealthCheckResponse.named("ffmpeg").down()
                        .withData("error", "ffmpeg cannot be run (FFMPEG_PATH)").build());
    }
}
