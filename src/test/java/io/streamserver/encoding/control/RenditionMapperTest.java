package io.streamserver.encoding.control;

import io.streamserver.jobs.entity.Priority;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.entity.EncodingSettings;
import io.streamserver.media.entity.Rendition;
import io.streamserver.media.entity.SourceAudio;
import jakarta.batch.api.partition.PartitionPlan;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenditionMapperTest {

    @Test
    void aLadderHasOnePartitionPerRenditionAllRunningAtOnce() {
        PartitionPlan plan = RenditionMapper.plan(Rendition.parseLadder("low,medium,high", null));
        assertEquals(3, plan.getPartitions());
        assertEquals(3, plan.getThreads());
        assertEquals(List.of("low", "medium", "high"),
                Arrays.stream(plan.getPartitionProperties()).map(p -> p.getProperty("rendition")).toList());
        assertTrue(plan.getPartitionsOverride(), "a restart runs every partition anew; each resumes from the database");
    }

    @Test
    void aJobWithoutALadderIsOnePartition() {
        TranscodeJob job = new TranscodeJob("t", EncodingSettings.of(null, null, null), Priority.NORMAL,
                new SourceAudio("wav", "pcm_s16le", 10, 44_100, 2, 16), "upload.wav");
        PartitionPlan plan = RenditionMapper.plan(job.renditions());
        assertEquals(1, plan.getPartitions());
        assertEquals(Rendition.SINGLE, plan.getPartitionProperties()[0].getProperty("rendition"));
    }
}
