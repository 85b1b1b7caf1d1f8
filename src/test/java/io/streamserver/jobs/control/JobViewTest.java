package io.streamserver.jobs.control;

import io.streamserver.jobs.entity.Priority;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.entity.Codec;
import io.streamserver.media.entity.EncodingSettings;
import io.streamserver.media.entity.Rendition;
import io.streamserver.media.entity.SourceAudio;
import io.streamserver.security.control.PlaybackUrls;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class JobViewTest {

    private static final PlaybackUrls URLS = new PlaybackUrls("/hls?token=t", "/mpd?token=t", "/download?token=t");
    private static final SourceAudio SOURCE = new SourceAudio("wav", "pcm_s16le", 12, 44_100, 2, 16);

    private static TranscodeJob single(String codec, Codec.Container container) {
        return new TranscodeJob("track", EncodingSettings.of(codec, null, null).packagedIn(container), Priority.NORMAL,
                SOURCE, "upload.wav");
    }

    private static TranscodeJob ladder(String renditions, Codec.Container container) {
        List<Rendition> ladder = Rendition.parseLadder(renditions, null).stream().map(r -> r.packagedIn(container)).toList();
        return new TranscodeJob("track", EncodingSettings.of(null, null, null), ladder, null, Priority.NORMAL, SOURCE,
                "upload.wav");
    }

    private static TranscodeJob completed(TranscodeJob job) {
        job.claim("node-a", Instant.now(), Duration.ofSeconds(15));
        job.start(1);
        for (Rendition rendition : job.renditions()) {
            job.recordSegment(rendition.name(), 1, rendition.segmentPrefix() + "_00001.ts", 12, 1000);
        }
        job.complete();
        return job;
    }

    @Test
    void theContainerIsTheOneEveryRenditionIsIn() {
        assertEquals("ts", JobView.of(single("aac", null), URLS).container());
        assertEquals("cmaf", JobView.of(single("aac", Codec.Container.FRAGMENTED_MP4), URLS).container());
        assertEquals("ts", JobView.of(single("mp3", null), URLS).container());
        assertEquals("cmaf", JobView.of(single("opus", null), URLS).container());
        assertEquals("cmaf", JobView.of(single("flac", Codec.Container.FRAGMENTED_MP4), URLS).container());
        assertEquals("ts", JobView.of(ladder("low,high", null), URLS).container());
        assertEquals("cmaf", JobView.of(ladder("aac:low,flac:hi_res", Codec.Container.FRAGMENTED_MP4), URLS).container());
        assertEquals("mixed", JobView.of(ladder("aac:low,flac:hi_res", null), URLS).container());
    }

    @Test
    void downloadAndDashUrlsComeOnlyOnceThereIsSomethingToFetch() {
        TranscodeJob opus = single("opus", null);
        JobView pending = JobView.of(opus, URLS);
        assertEquals("/hls?token=t", pending.hlsUrl());
        assertNull(pending.downloadUrl());
        assertNull(pending.dashUrl());

        JobView done = JobView.of(completed(opus), URLS);
        assertEquals("/download?token=t", done.downloadUrl());
        assertEquals("/mpd?token=t", done.dashUrl());

        opus.expireOutput();
        JobView expired = JobView.of(opus, URLS);
        assertNull(expired.downloadUrl(), "the download would be 410");
        assertNull(expired.dashUrl());
        assertEquals("/hls?token=t", expired.hlsUrl(), "the seed's field stays");
    }

    @Test
    void anMpegTsJobHasNoDashUrlButALadderWithAFragmentedRungHasOne() {
        JobView aac = JobView.of(completed(single("aac", null)), URLS);
        assertEquals("/download?token=t", aac.downloadUrl());
        assertNull(aac.dashUrl(), "DASH is served for fragmented MP4 only (404 otherwise)");
        assertEquals("/mpd?token=t", JobView.of(completed(single("aac", Codec.Container.FRAGMENTED_MP4)), URLS).dashUrl());
        assertEquals("/mpd?token=t", JobView.of(completed(ladder("aac:low,flac:hi_res", null)), URLS).dashUrl());
        assertNull(JobView.of(completed(ladder("low,high", null)), URLS).dashUrl());
    }

    /** The seed's examples parse its fields in their order; JSON-B writes them in the order the annotation gives. */
    @Test
    void theNewFieldsFollowTheSeedsInTheirOrder() {
        List<String> order = List.of(JobView.class.getAnnotation(JsonbPropertyOrder.class).value());
        assertEquals(List.of("id", "trackId", "status", "progress", "createdAt", "startedAt", "completedAt", "error"),
                order.subList(0, 8));
        assertEquals(List.of("hlsUrl", "container", "downloadUrl", "dashUrl"), order.subList(order.size() - 4, order.size()));
        assertEquals(JobView.class.getRecordComponents().length, order.size(), "every field is placed");
    }
}
