package io.streamserver.console.boundary;

import io.streamserver.console.control.BatchHistory;
import io.streamserver.jobs.control.Jobs;
import io.streamserver.jobs.entity.TranscodeJob;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** GET /v1/stream/job/{id}/executions: the job's Jakarta Batch executions and steps, for the console. */
@Path("job/{id}/executions")
@Produces(MediaType.APPLICATION_JSON)
public class BatchExecutionsResource {

    @Inject
    Jobs jobs;

    @Inject
    BatchHistory history;

    @GET
    public List<ExecutionView> executions(@PathParam("id") String id) {
        TranscodeJob job = jobs.requested(id);
        return history.executions(job.executionId()).stream()
                .map(ExecutionView::of)
                .toList();
    }
}
