package io.streamserver.jobs.boundary;

import io.streamserver.jobs.control.JobCursor;
import io.streamserver.jobs.entity.JobStatus;
import io.streamserver.jobs.entity.Priority;
import io.streamserver.media.entity.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JobListQueryTest {

    @Test
    void withoutParametersEveryJobIsListedTwentyAtATimeFromTheNewest() {
        JobListQuery query = JobListQuery.of(null, null, null, null);

        assertEquals(EnumSet.allOf(JobStatus.class), query.statuses());
        assertEquals(EnumSet.allOf(Priority.class), query.priorities());
        assertEquals(20, query.limit());
        assertNull(query.after());
    }

    @Test
    void filtersAndCursorAreRead() {
        JobCursor cursor = new JobCursor(Instant.ofEpochMilli(1_700_000_000_000L), "550e8400-e29b-41d4-a716-446655440000");

        JobListQuery query = JobListQuery.of("completed", "urgent", "100", cursor.encode());

        assertEquals(Set.of(JobStatus.Completed), query.statuses());
        assertEquals(Set.of(Priority.URGENT), query.priorities());
        assertEquals(100, query.limit());
        assertEquals(cursor, query.after());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "abc", "1e2", "20.5", "1000000000000"})
    void aLimitOutsideOneToAHundredIsRefused(String limit) {
        assertEquals("limit", refusal(() -> JobListQuery.of(null, null, limit, null)));
    }

    @Test
    void anUnknownFilterValueIsRefusedNamingItsParameter() {
        assertEquals("status", refusal(() -> JobListQuery.of("Done", null, null, null)));
        assertEquals("priority", refusal(() -> JobListQuery.of(null, "high", null, null)));
        assertEquals("cursor", refusal(() -> JobListQuery.of(null, null, null, "garbage")));
    }

    private static String refusal(Runnable parse) {
        return assertThrows(InvalidParameterException.class, parse::run).parameter();
    }
}
