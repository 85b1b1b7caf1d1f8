package io.streamserver.transcoding.control;

import io.streamserver.transcoding.entity.EncodingSettings;
import io.streamserver.transcoding.entity.Priority;
import io.streamserver.transcoding.entity.Rendition;
import io.streamserver.transcoding.entity.SourceAudio;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.batch.api.partition.PartitionPlan;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RenditionMapperTest {

    @Test
    void aLadderHasOnePartitionPerRenditionAsManyRunningAtOnceAsItHoldsSlots() {
        PartitionPlan plan = RenditionMapper.plan(Rendition.parseLadder("low,medium,high", null), 2);
        assertEquals(3, plan.getPartitions());
        assertEquals(2, plan.getThreads());
        assertEquals(List.of("low", "medium", "high"),
                Arrays.stream(plan.getPartitionProperties()).map(p -> p.getProperty("rendition")).toList());
        assertFalse(plan.getPartitionsOverride(), "a restart resumes the same partitions from their checkpoints");
    }

    @Test
    void aJobWithoutALadderIsOnePartition() {
        TranscodeJob job = new TranscodeJob("t", EncodingSettings.of(null, null, null), Priority.NORMAL,
                new SourceAudio("wav", "pcm_s16le", 10, 44_100, 2, 16), "upload.wav");
        PartitionPlan plan = RenditionMapper.plan(job.renditions(), 1);
        assertEquals(1, plan.getPartitions());
        assertEquals(Rendition.SINGLE, plan.getPartitionProperties()[0].getProperty("rendition"));
    }
}
