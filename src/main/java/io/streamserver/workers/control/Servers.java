package io.streamserver.workers.control;

import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.workers.entity.ServerInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The servers on the shared database, each known by the heartbeat it records: who is live, and with what slots. */
@ApplicationScoped
public class Servers {

    /** A server silent for this long is forgotten, so that the table holds only recent history. */
    static final Duration FORGOTTEN_AFTER = Duration.ofHours(1);

    @PersistenceContext
    EntityManager em;

    @Inject
    Leases leases;

    /** Records this server's heartbeat, its row made on the first. */
    @Transactional
    public void beat(String instance, Instant startedAt, int workers, int slotsInUse) {
        Instant now = Instant.now();
        ServerInstance server = em.find(ServerInstance.class, instance);
        if (server == null) {
            server = new ServerInstance(instance, startedAt);
            em.persist(server);
        }
        server.heartbeat(now, workers, slotsInUse);
        em.createNamedQuery(ServerInstance.GONE).setParameter("before", now.minus(FORGOTTEN_AFTER)).executeUpdate();
    }

    /** The servers whose last heartbeat is younger than a lease: those that may hold jobs now. */
    @Transactional
    public List<ServerInstance> live() {
        return em.createNamedQuery(ServerInstance.LIVE, ServerInstance.class)
                .setParameter("since", Instant.now().minus(leases.duration())).getResultList();
    }

    /**
     * The ids of the jobs each server runs now, by instance id, in the order they started.
     * @param owner the only owner whose jobs are listed, or null for every job
     */
    @Transactional
    public Map<String, List<String>> jobsHeld(String owner) {
        List<Object[]> rows = em.createNamedQuery(TranscodeJob.HELD, Object[].class)
                .setParameter("everyOwner", owner == null)
                .setParameter("owner", owner == null ? "" : owner)
                .getResultList();
        Map<String, List<String>> held = new HashMap<>();
        for (Object[] row : rows) {
            held.computeIfAbsent((String) row[0], server -> new ArrayList<>()).add((String) row[1]);
        }
        return held;
    }

    /** A server that stops leaves the list at once. */
    @Transactional
    public void leave(String instance) {
        ServerInstance server = em.find(ServerInstance.class, instance);
        if (server != null) {
            em.remove(server);
        }
    }
}
