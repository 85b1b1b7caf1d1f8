package io.streamserver.transcoding.boundary;

import io.streamserver.transcoding.control.JobCursor;
import io.streamserver.transcoding.control.JobListing;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.util.List;

/** A page of the job list: the jobs as GET /job/{id} shows them, and the cursor of the next page or null. */
@JsonbPropertyOrder({"jobs", "nextCursor"})
public record JobPageView(List<JobView> jobs, @JsonbProperty("next_cursor") @JsonbNillable String nextCursor) {

    static JobPageView of(JobListing.Page page) {
        return new JobPageView(page.jobs().stream().map(JobView::of).toList(),
                page.next().map(JobCursor::encode).orElse(null));
    }
}
