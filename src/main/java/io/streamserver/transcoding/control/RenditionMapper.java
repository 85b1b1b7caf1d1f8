package io.streamserver.transcoding.control;

import io.streamserver.platform.control.Transactions;
import io.streamserver.transcoding.entity.Rendition;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;
import java.util.Properties;

/**
 * Splits the encode step into one partition per rendition, as many running at once as the job holds worker slots; a
 * job without a ladder has one.
 */
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

    @Inject
    Dispatcher dispatcher;

    @Override
    public PartitionPlan mapPartitions() {
        List<Rendition> renditions = transactions.call(() -> List.copyOf(jobs.existing(jobId).renditions()));
        return plan(renditions, dispatcher.slotsFor(renditions.size()));
    }

    /** @param threads the encoders that run at once: the job's worker slots */
    static PartitionPlan plan(List<Rendition> renditions, int threads) {
        Properties[] properties = new Properties[renditions.size()];
        for (int i = 0; i < properties.length; i++) {
            properties[i] = new Properties();
            properties[i].setProperty("rendition", renditions.get(i).name());
        }
        PartitionPlanImpl plan = new PartitionPlanImpl();
        plan.setPartitions(properties.length);
        plan.setThreads(threads);
        plan.setPartitionProperties(properties);
        // a restart keeps the partitions and resumes each from its own checkpoint
        plan.setPartitionsOverride(false);
        return plan;
    }
}
