package io.streamserver.workers.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/** This server among those sharing a database: its name, which its claims carry, since when it runs, whether it stops. */
@ApplicationScoped
public class LocalServer {

    /** Names this server among those sharing a database; by default unique to this process. */
    @Inject
    @ConfigProperty(name = "stream.instance-id")
    Optional<String> configuredName;

    private String name;
    private Instant startedAt;
    private volatile boolean stopping;

    @PostConstruct
    void create() {
        startedAt = Instant.now();
        name = configuredName.filter(s -> !s.isBlank()).orElseGet(LocalServer::uniqueName);
    }

    /** The name this server's claims on jobs carry. */
    public String name() {
        return name;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Whether the server is shutting down: a job interrupted now goes back to the queue, not to Failed. */
    public boolean isStopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
    }

    /** The host name and a random suffix: unique to this process, however many servers a host runs. */
    private static String uniqueName() {
        byte[] suffix = new byte[3];
        new SecureRandom().nextBytes(suffix);
        return hostName() + "-" + HexFormat.of().formatHex(suffix);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
