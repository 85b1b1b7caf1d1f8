package io.streamserver.workers.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Objects;

/** One server on the shared database, as its last heartbeat left it: its worker slots and how many are in use. */
@Entity
@Table(name = "STREAM_SERVER")
@NamedQuery(name = ServerInstance.LIVE, query = "SELECT s FROM ServerInstance s WHERE s.heartbeatAt >= :since ORDER BY s.id")
@NamedQuery(name = ServerInstance.GONE, query = "DELETE FROM ServerInstance s WHERE s.heartbeatAt < :before")
public class ServerInstance {

    /** The servers whose heartbeat came at or after :since. */
    public static final String LIVE = "ServerInstance.live";
    /** Forgets the servers silent since before :before. */
    public static final String GONE = "ServerInstance.gone";

    @Id
    @Column(name = "INSTANCE_ID", length = 128)
    private String id;

    @Column(name = "STARTED_AT", nullable = false)
    private Instant startedAt;

    @Column(name = "HEARTBEAT_AT", nullable = false)
    private Instant heartbeatAt;

    @Column(name = "WORKERS", nullable = false)
    private int workers;

    @Column(name = "SLOTS_IN_USE", nullable = false)
    private int slotsInUse;

    protected ServerInstance() {
    }

    public ServerInstance(String id, Instant startedAt) {
        this.id = Objects.requireNonNull(id);
        this.startedAt = Objects.requireNonNull(startedAt);
        this.heartbeatAt = startedAt;
    }

    public void heartbeat(Instant at, int workerSlots, int inUse) {
        if (workerSlots < 1 || inUse < 0) {
            throw new IllegalArgumentException("a server has at least one worker slot, and uses none or more");
        }
        heartbeatAt = at;
        workers = workerSlots;
        slotsInUse = inUse;
    }

    public String id() {
        return id;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant heartbeatAt() {
        return heartbeatAt;
    }

    public int workers() {
        return workers;
    }

    public int slotsInUse() {
        return slotsInUse;
    }
}
