package io.streamserver.console.control;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.StepExecution;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;

/** A job's batch history as the JobOperator keeps it: every execution of its batch instance, with their steps. */
@ApplicationScoped
public class BatchHistory {

    public record Execution(long instanceId, JobExecution execution, List<StepExecution> steps) {
    }

    /** The executions of the batch instance that the given execution belongs to, oldest first. */
    public List<Execution> executions(Long latestExecutionId) {
        if (latestExecutionId == null) {
            return List.of();
        }
        JobOperator operator = BatchRuntime.getJobOperator();
        JobInstance instance;
        try {
            instance = operator.getJobInstance(latestExecutionId);
        } catch (NoSuchJobExecutionException e) {
            return List.of();
        }
        return operator.getJobExecutions(instance).stream()
                .sorted(Comparator.comparingLong(JobExecution::getExecutionId))
                .map(execution -> new Execution(instance.getInstanceId(), execution, operator.getStepExecutions(execution.getExecutionId())))
                .toList();
    }
}
