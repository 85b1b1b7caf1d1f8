package io.streamserver;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Set;

/**
 * Which server the integration tests run on (failsafe's stream.server: Payara Micro by default, or WildFly), and
 * the little that differs between the two for a client.
 */
public final class TestServer {

    /** The checks that WildFly's health endpoint reports about itself, beside the application's. */
    private static final Set<String> WILDFLY_HEALTH_CHECKS = Set.of("deployments-status", "suspend-state", "boot-errors", "server-state");

    private TestServer() {
    }

    public static boolean isWildFly() {
        return "wildfly".equals(System.getProperty("stream.server"));
    }

    /**
     * Where MicroProfile Health answers: on Payara the application's own port, on WildFly the management interface
     * (failsafe's stream.health-url).
     */
    public static URL health(URL application) {
        String health = System.getProperty("stream.health-url");
        if (health == null || health.isBlank()) {
            return application;
        }
        try {
            return URI.create(health).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Whether a health check is the server's own rather than one of the application's. */
    public static boolean isServerHealthCheck(String name) {
        return isWildFly() && WILDFLY_HEALTH_CHECKS.contains(name);
    }
}
