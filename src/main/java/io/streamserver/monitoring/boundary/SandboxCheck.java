package io.streamserver.monitoring.boundary;

import io.streamserver.platform.control.Sandbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while ffmpeg would run unconfined against the configuration (STREAM_SANDBOX); says the mode. */
@Readiness
@ApplicationScoped
public class SandboxCheck extends RefreshedCheck {

    @Inject
    Sandbox sandbox;

    @Override
    protected String name() {
        return "sandbox";
    }

    @Override
    protected HealthCheckResponse check() {
        String mode = sandbox.mode().name().toLowerCase(java.util.Locale.ROOT);
        return sandbox.problemNow()
                .map(problem -> HealthCheckResponse.named(name()).down().withData("mode", mode)
                        .withData("error", problem).build())
                .orElseGet(() -> HealthCheckResponse.named(name()).up().withData("mode", mode).build());
    }
}
