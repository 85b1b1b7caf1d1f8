package io.streamserver.encoding.control;

import io.streamserver.jobs.control.Jobs;
import io.streamserver.media.entity.Rendition;
import io.streamserver.platform.control.Transactions;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;
import java.util.Properties;

/** Splits the encode step into one partition per rendition, all running at once; a job without a ladder has one. */
@Named
@Dependent
public class RenditionMapper implements PartitionMapper {

    @Inject
    @BatchProperty
    String jobId;

    @Inject
    Jobs jobs;

    @Inject
    Transactions transactions;

    @Override
    public PartitionPlan mapPartitions() {
        return plan(transactions.call(() -> List.copyOf(jobs.existing(jobId).renditions())));
    }

    static PartitionPlan plan(List<Rendition> renditions) {
        Properties[] properties = new Properties[renditions.size()];
        for (int i = 0; i < properties.length; i++) {
            properties[i] = new Properties();
            properties[i].setProperty("rendition", renditions.get(i).name());
        }
        PartitionPlanImpl plan = new PartitionPlanImpl();
        plan.setPartitions(properties.length);
        plan.setThreads(properties.length);
        plan.setPartitionProperties(properties);
        // a restart runs every partition anew, as a fresh execution does: each resumes after its rendition's segments
        // recorded in the database, not from a checkpoint. Restarting only the partitions that had not completed
        // (after a cancel some complete) left JBatch waiting forever for one that never reported back
        plan.setPartitionsOverride(true);
        return plan;
    }
}
