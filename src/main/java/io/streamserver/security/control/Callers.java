package io.streamserver.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;
import java.util.Set;

/**
 * Turns the verified bearer token (MicroProfile JWT) into a {@link Caller}. MP-JWT is always active, but a
 * token is only required, and ownership only enforced, when STREAM_AUTH_ENABLED is true.
 */
@ApplicationScoped
public class Callers {

    public static final String ADMIN_ROLE = "admin";

    @Inject
    @ConfigProperty(name = "stream.auth.enabled")
    boolean enabled;

    public boolean enabled() {
        return enabled;
    }

    public Caller of(SecurityContext security) {
        return of(security == null ? null : security.getUserPrincipal());
    }

    /** The caller behind a verified principal; null means no (valid) token was sent. */
    public Caller of(Principal principal) {
        if (!enabled) {
            return Caller.ANYONE;
        }
        if (principal instanceof JsonWebToken jwt) {
            String subject = jwt.getSubject() != null ? jwt.getSubject() : jwt.getName();
            Set<String> groups = jwt.getGroups();
            return subject == null ? null : new Caller(subject, groups != null && groups.contains(ADMIN_ROLE));
        }
        return null;
    }
}
