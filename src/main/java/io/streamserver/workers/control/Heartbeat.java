package io.streamserver.workers.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This server's pulse on the shared database, on a thread of its own. Every heartbeat period it renews the leases of
 * the claims its slots run and records itself among the live servers. Twice a second it looks whether any of those
 * claims was revoked, by a cancel on another server, a takeover after a lease it failed to renew in time (a long
 * pause, a network split) or a second server with its instance id; it then stops that work at once, and confirms a
 * cancel once its ffmpeg is gone.
 */
@ApplicationScoped
public class Heartbeat {

    private static final System.Logger LOG = System.getLogger(Heartbeat.class.getName());
    static final long WATCH_MILLIS = 500;

    @Inject
    Dispatcher dispatcher;

    @Inject
    LocalServer server;

    @Inject
    Leases leases;

    @Inject
    Servers servers;

    @Resource
    ManagedThreadFactory threads;

    /** The claims (job id @ epoch) already being stopped, so that each is stopped once. */
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private Thread thread;

    /** Begins with the application, after the dispatcher. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) @Initialized(ApplicationScoped.class) Object started) {
        thread = threads.newThread(this::beatUntilStopped);
        thread.setName("stream-heartbeat");
        thread.start();
    }

    private void beatUntilStopped() {
        Instant nextBeat = Instant.MIN;
        int slotsRecorded = -1;
        while (running) {
            try {
                Map<String, Long> claims = dispatcher.claims();
                stopped.retainAll(claims.entrySet().stream().map(c -> c.getKey() + "@" + c.getValue()).toList());
                int slotsInUse = dispatcher.slotsInUse();
                boolean beat = !Instant.now().isBefore(nextBeat);
                if (beat) {
                    nextBeat = Instant.now().plus(leases.heartbeat());
                    leases.renew(server.name(), claims);
                }
                // also between heartbeats when the slots in use change, so the servers list shows a claim at once
                if (beat || slotsInUse != slotsRecorded) {
                    servers.beat(server.name(), server.startedAt(), dispatcher.workers(), slotsInUse);
                    slotsRecorded = slotsInUse;
                }
                leases.revoked(server.name(), claims).forEach((jobId, cancelled) -> stop(jobId, claims.get(jobId), cancelled));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "heartbeat failed; trying again: {0}", e.toString());
            }
            try {
                Thread.sleep(WATCH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void stop(String jobId, long epoch, boolean cancelled) {
        if (!stopped.add(jobId + "@" + epoch)) {
            return;
        }
        // a cancel made on this server has stopped the work already, and logged it
        if (cancelled && dispatcher.stopCancelled(jobId, epoch)) {
            LOG.log(Level.INFO, "job {0}: cancelled on another server; its ffmpeg here is stopped", jobId);
        } else if (!cancelled && dispatcher.stopHere(jobId, epoch)) {
            LOG.log(Level.WARNING, "job {0}: this server no longer holds it (epoch {1}); its work stopped without writing more",
                    jobId, epoch);
        }
    }

    @PreDestroy
    void shutdown() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
        try {
            servers.leave(server.name());
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "could not leave the list of servers: {0}", e.toString());
        }
    }
}
