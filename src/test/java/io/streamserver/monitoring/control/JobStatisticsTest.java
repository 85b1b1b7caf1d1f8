package io.streamserver.monitoring.control;

import io.streamserver.jobs.entity.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JobStatisticsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void ratioIsTotalTranscodeTimeOverTotalAudio() {
        List<Object[]> rows = List.of(
                new Object[]{T0, T0.plusSeconds(10), 100.0},
                new Object[]{T0, T0.plusSeconds(30), 100.0});
        assertEquals(0.2, JobStatistics.ratio(rows), 1e-9);
    }

    @Test
    void noCompletedJobGivesZeroAndIncompleteRowsAreSkipped() {
        assertEquals(0, JobStatistics.ratio(List.of()));
        List<Object[]> rows = List.of(new Object[]{null, T0, 50.0}, new Object[]{T0, T0.plusSeconds(5), 50.0});
        assertEquals(0.1, JobStatistics.ratio(rows), 1e-9);
    }

    @Test
    void aBucketTakesTheCompletedAndFailedCountsAndOnlyTheCompletedAudio() {
        JobStatistics.Finished bucket = JobStatistics.finished(T0, List.of(
                new Object[]{JobStatus.Failed, 2L, 50.0},
                new Object[]{JobStatus.Completed, 3L, 7200.0}));
        assertEquals(new JobStatistics.Finished(T0, 3, 2, 7200.0), bucket);
        assertEquals(new JobStatistics.Finished(T0, 0, 0, 0), JobStatistics.finished(T0, List.of()));
    }
}
