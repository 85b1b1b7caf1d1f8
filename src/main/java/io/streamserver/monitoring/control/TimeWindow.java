package io.streamserver.monitoring.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The span that the overview charts finished jobs over, cut into equal buckets on round clock times (12 of 5 minutes
 * for the last hour, 24 of one hour for the last day); the last bucket is the one still running.
 */
public enum TimeWindow {
    HOUR(Duration.ofMinutes(5), 12), DAY(Duration.ofHours(1), 24);

    private final Duration bucket;
    private final int buckets;

    TimeWindow(Duration bucket, int buckets) {
        this.bucket = bucket;
        this.buckets = buckets;
    }

    /** "hour" or "day", in any letter case; absent means the hour. */
    public static Optional<TimeWindow> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(HOUR);
        }
        for (TimeWindow window : values()) {
            if (window.apiName().equalsIgnoreCase(value.strip())) {
                return Optional.of(window);
            }
        }
        return Optional.empty();
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Duration bucket() {
        return bucket;
    }

    /** Where the window begins: the first bucket's start. */
    public Instant start(Instant now) {
        return starts(now).get(0);
    }

    /** The buckets' start times, oldest first; the last one contains now. */
    public List<Instant> starts(Instant now) {
        long size = bucket.toSeconds();
        Instant current = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), size) * size);
        List<Instant> starts = new ArrayList<>(buckets);
        for (int i = buckets - 1; i >= 0; i--) {
            starts.add(current.minusSeconds(i * size));
        }
        return starts;
    }
}
