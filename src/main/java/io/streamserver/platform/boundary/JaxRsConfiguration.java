package io.streamserver.platform.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The REST API lives under /v1/stream, as the API contract documents it. Bearer tokens are always verified
 * by MicroProfile JWT when sent; whether one is required is decided by STREAM_AUTH_ENABLED (security component).
 * A CDI bean, because MP-JWT looks for @LoginConfig among the beans (this WAR discovers annotated beans only).
 */
@ApplicationScoped
@ApplicationPath("v1/stream")
@LoginConfig(authMethod = "MP-JWT")
public class JaxRsConfiguration extends Application {
}
