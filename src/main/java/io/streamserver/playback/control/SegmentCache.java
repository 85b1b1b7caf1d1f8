package io.streamserver.playback.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes of recently served segments, so that popular ones are sent from memory instead of being read from disk
 * for every request. An entry is only used for the same size and modification time that the caller just read from
 * the file system, so a replaced or rewritten file is never served stale; a deleted one is never looked up. Bounded
 * by stream.segment-cache-bytes; the least recently used segments leave first.
 */
@ApplicationScoped
public class SegmentCache {

    /** The largest array a JVM allocates. */
    private static final long MAX_ENTRY = Integer.MAX_VALUE - 8;

    @Inject
    @ConfigProperty(name = "stream.segment-cache-bytes")
    long capacity;

    private final Map<Path, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long used;

    SegmentCache() {
    }

    /** For unit tests. */
    SegmentCache(long capacity) {
        this.capacity = capacity;
        check();
    }

    @PostConstruct
    void check() {
        if (capacity < 0) {
            throw new IllegalStateException("STREAM_SEGMENT_CACHE_BYTES must be 0 (no cache) or more");
        }
    }

    /** Whether a file of this size is kept at all: a single file may take a quarter of the cache at most. */
    public boolean admits(long size) {
        return capacity > 0 && size <= Math.min(capacity / 4, MAX_ENTRY);
    }

    /** The cached bytes of the file if they were read from it at this size and modification time, else null. */
    public synchronized byte[] get(Path file, long size, long modifiedMillis) {
        Entry entry = entries.get(file);
        return entry != null && entry.size() == size && entry.modifiedMillis() == modifiedMillis ? entry.bytes() : null;
    }

    /** Keeps the file's bytes, read at that modification time, and drops the least recently used beyond the bound. */
    public synchronized void put(Path file, long modifiedMillis, byte[] bytes) {
        if (!admits(bytes.length)) {
            return;
        }
        Entry previous = entries.put(file, new Entry(bytes.length, modifiedMillis, bytes));
        used += bytes.length - (previous == null ? 0 : previous.size());
        Iterator<Entry> eldest = entries.values().iterator();
        while (used > capacity && eldest.hasNext()) {
            used -= eldest.next().size();
            eldest.remove();
        }
    }

    /** Bytes held; for tests and metrics. */
    public synchronized long usedBytes() {
        return used;
    }

    private record Entry(long size, long modifiedMillis, byte[] bytes) {
    }
}
