package io.streamserver.console.boundary;

import io.streamserver.console.control.BatchHistory;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.util.Date;
import java.util.List;

/** One Jakarta Batch execution of a job, with its steps and their counts, as the console shows it. */
@JsonbNillable
@JsonbPropertyOrder({"executionId", "instanceId", "jobName", "batchStatus", "exitStatus", "startTime", "endTime", "steps"})
public record ExecutionView(@JsonbProperty("execution_id") long executionId,
                            @JsonbProperty("instance_id") long instanceId,
                            @JsonbProperty("job_name") String jobName,
                            @JsonbProperty("batch_status") String batchStatus,
                            @JsonbProperty("exit_status") String exitStatus,
                            @JsonbProperty("start_time") String startTime,
                            @JsonbProperty("end_time") String endTime,
                            List<StepView> steps) {

    static ExecutionView of(BatchHistory.Execution history) {
        var execution = history.execution();
        return new ExecutionView(execution.getExecutionId(), history.instanceId(), execution.getJobName(),
                String.valueOf(execution.getBatchStatus()), execution.getExitStatus(),
                iso(execution.getStartTime()), iso(execution.getEndTime()),
                history.steps().stream().map(StepView::of).toList());
    }

    @JsonbNillable
    @JsonbPropertyOrder({"stepId", "name", "batchStatus", "exitStatus", "startTime", "endTime",
            "readCount", "writeCount", "commitCount", "rollbackCount"})
    public record StepView(@JsonbProperty("step_id") long stepId,
                           String name,
                           @JsonbProperty("batch_status") String batchStatus,
                           @JsonbProperty("exit_status") String exitStatus,
                           @JsonbProperty("start_time") String startTime,
                           @JsonbProperty("end_time") String endTime,
                           @JsonbProperty("read_count") long readCount,
                           @JsonbProperty("write_count") long writeCount,
                           @JsonbProperty("commit_count") long commitCount,
                           @JsonbProperty("rollback_count") long rollbackCount) {

        static StepView of(StepExecution step) {
            return new StepView(step.getStepExecutionId(), step.getStepName(), String.valueOf(step.getBatchStatus()),
                    step.getExitStatus(), iso(step.getStartTime()), iso(step.getEndTime()),
                    count(step, Metric.MetricType.READ_COUNT), count(step, Metric.MetricType.WRITE_COUNT),
                    count(step, Metric.MetricType.COMMIT_COUNT), count(step, Metric.MetricType.ROLLBACK_COUNT));
        }

        private static long count(StepExecution step, Metric.MetricType type) {
            Metric[] metrics = step.getMetrics();
            if (metrics != null) {
                for (Metric metric : metrics) {
                    if (metric.getType() == type) {
                        return metric.getValue();
                    }
                }
            }
            return 0;
        }
    }

    private static String iso(Date date) {
        return date == null ? null : date.toInstant().toString();
    }
}
