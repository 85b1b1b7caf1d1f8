package io.streamserver.jobs.boundary;

import io.streamserver.jobs.control.JobCursor;
import io.streamserver.jobs.entity.JobStatus;
import io.streamserver.jobs.entity.Priority;
import io.streamserver.media.entity.InvalidParameterException;

import java.util.EnumSet;
import java.util.Set;

/** The job list's query parameters, validated; each refusal names the parameter. */
record JobListQuery(Set<JobStatus> statuses, Set<Priority> priorities, int limit, JobCursor after) {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    static JobListQuery of(String status, String priority, String limit, String cursor) {
        Set<JobStatus> statuses = absent(status) ? EnumSet.allOf(JobStatus.class) : EnumSet.of(JobStatus.parse("status", status));
        Set<Priority> priorities = absent(priority) ? EnumSet.allOf(Priority.class) : EnumSet.of(Priority.parse(priority));
        return new JobListQuery(statuses, priorities, limit(limit), absent(cursor) ? null : JobCursor.decode(cursor.strip()));
    }

    private static boolean absent(String value) {
        return value == null || value.isBlank();
    }

    private static int limit(String value) {
        if (absent(value)) {
            return DEFAULT_LIMIT;
        }
        String text = value.strip();
        if (text.matches("\\d{1,3}")) {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        }
        throw new InvalidParameterException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }
}
