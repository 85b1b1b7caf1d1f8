package io.streamserver.jobs.boundary;

import io.streamserver.jobs.control.JobView;
import io.streamserver.jobs.control.JobCursor;
import io.streamserver.jobs.control.JobListing;
import io.streamserver.jobs.entity.TranscodeJob;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.util.List;
import java.util.function.Function;

/** A page of the job list: the jobs as GET /job/{id} shows them, and the cursor of the next page or null. */
@JsonbPropertyOrder({"jobs", "nextCursor"})
public record JobPageView(List<JobView> jobs, @JsonbProperty("next_cursor") @JsonbNillable String nextCursor) {

    static JobPageView of(JobListing.Page page, Function<TranscodeJob, JobView> view) {
        return new JobPageView(page.jobs().stream().map(view).toList(),
                page.next().map(JobCursor::encode).orElse(null));
    }
}
