package io.streamserver.monitoring.control;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimeWindowTest {

    @Test
    void theHourIsTwelveFiveMinuteBucketsOnRoundTimesEndingWithTheCurrentOne() {
        Instant now = Instant.parse("2026-03-01T10:37:12Z");
        List<Instant> starts = TimeWindow.HOUR.starts(now);

        assertEquals(12, starts.size());
        assertEquals(starts.get(0), TimeWindow.HOUR.start(now));
        assertEquals(Instant.parse("2026-03-01T09:40:00Z"), starts.get(0));
        assertEquals(Instant.parse("2026-03-01T10:35:00Z"), starts.get(11));
    }

    @Test
    void theDayIsTwentyFourHours() {
        List<Instant> starts = TimeWindow.DAY.starts(Instant.parse("2026-03-01T10:37:12Z"));

        assertEquals(24, starts.size());
        assertEquals(Instant.parse("2026-02-28T11:00:00Z"), starts.get(0));
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), starts.get(23));
    }

    @Test
    void theWindowIsNamedInAnyCaseAndDefaultsToTheHour() {
        assertEquals(Optional.of(TimeWindow.DAY), TimeWindow.parse(" Day "));
        assertEquals(Optional.of(TimeWindow.HOUR), TimeWindow.parse(null));
        assertEquals(Optional.empty(), TimeWindow.parse("week"));
    }
}
