package io.streamserver.playback.control;

import io.streamserver.jobs.control.Jobs;
import io.streamserver.jobs.entity.JobStatus;
import io.streamserver.jobs.entity.Segment;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.entity.Rendition;
import io.streamserver.playback.control.PlaylistUnavailableException.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * A job's HLS playlists, rendered from the segments the job has committed: index.m3u8 is the media playlist
 * of a job with one output, or the master playlist of a ladder whose renditions have their own. Each rendering reads
 * the job and its segments in one transaction.
 */
@ApplicationScoped
public class Manifests {

    /** A rendered playlist, and whether it is final: a Completed job's playlists never change again. */
    public record Playlist(String text, boolean complete) {
    }

    @Inject
    Jobs jobs;

    @Inject
    @ConfigProperty(name = "stream.segment-seconds")
    int segmentSeconds;

    /**
     * The playlist of a Completed job. With progressive, a job without a ladder that is still Pending or Processing
     * gets an EVENT playlist of the segments committed so far, without ENDLIST, that players reload until the job
     * completes. A ladder's master playlist needs every rendition's measured bandwidth, so it waits for completion.
     */
    @Transactional
    public Playlist manifest(String jobId, boolean progressive) {
        TranscodeJob job = existing(jobId);
        boolean ended = job.status() == JobStatus.Completed;
        if (!ended && (!progressive || job.hasLadder())) {
            throw new PlaylistUnavailableException(Reason.NOT_READY, "the job is " + job.status() + "; its manifest is served once it is Completed"
                    + (job.hasLadder() ? "" : " (or now, as a growing EVENT playlist, with ?progressive=true)"));
        }
        if (!job.hasLadder()) {
            return new Playlist(media(job, job.renditions().get(0), ended), ended);
        }
        List<MasterPlaylist.Variant> variants = job.renditions().stream().map(r -> variant(job, r)).toList();
        return new Playlist(MasterPlaylist.render(variants), true);
    }

    /** A ladder rendition's media playlist, by its file name ({@code high.m3u8}); empty when there is none. */
    @Transactional
    public Optional<Playlist> renditionPlaylist(String jobId, String fileName) {
        TranscodeJob job = existing(jobId);
        Optional<Rendition> rendition = job.hasLadder()
                ? job.renditions().stream().filter(r -> r.playlist().equals(fileName)).findFirst()
                : Optional.empty();
        if (rendition.isEmpty()) {
            return Optional.empty();
        }
        if (job.status() != JobStatus.Completed) {
            throw new PlaylistUnavailableException(Reason.NOT_READY,
                    "the job is " + job.status() + "; its playlists are served once it is Completed");
        }
        return Optional.of(new Playlist(media(job, rendition.get(), true), true));
    }

    /**
     * The DASH manifest of a Completed job: its fragmented MP4 renditions, which MPEG-TS ones cannot join. A running
     * job has none yet (409): its ladder's bandwidths are measured at the end, as the master playlist's are.
     *
     * @param query a query that every file's URL carries on (the checked playback token), or null
     */
    @Transactional
    public Playlist dash(String jobId, String query) {
        TranscodeJob job = existing(jobId);
        List<Rendition> fragmented = job.renditions().stream().filter(Manifests::fragmented).toList();
        if (fragmented.isEmpty()) {
            throw new PlaylistUnavailableException(Reason.NO_SUCH_FILE, "no DASH manifest: the job's output is MPEG-TS ("
                    + job.renditions().get(0).settings().codec().apiName() + "); DASH is served for fragmented MP4 (opus, flac)");
        }
        if (job.status() != JobStatus.Completed) {
            throw new PlaylistUnavailableException(Reason.NOT_FINISHED,
                    "the job is " + job.status() + "; its DASH manifest is served once it is Completed");
        }
        List<DashManifest.Representation> representations = fragmented.stream().map(rendition -> {
            List<Segment> segments = job.segments(rendition.name());
            List<MasterPlaylist.SegmentFile> sizes = segments.stream()
                    .map(s -> new MasterPlaylist.SegmentFile(s.bytes(), s.durationSeconds())).toList();
            return new DashManifest.Representation(rendition.name(), MasterPlaylist.peakBandwidth(sizes),
                    rendition.settings().codec().hlsCodecs(), rendition.initSegment(),
                    segments.stream().map(s -> new DashManifest.SegmentFile(s.fileName(), s.durationSeconds())).toList());
        }).toList();
        return new Playlist(DashManifest.render(representations, query), true);
    }

    /** Why a segment file is missing: the retention period deleted the job's output, or there never was one. */
    @Transactional
    public PlaylistUnavailableException missingSegment(String jobId) {
        if (jobs.find(jobId).filter(TranscodeJob::outputExpired).isPresent()) {
            return expired();
        }
        return new PlaylistUnavailableException(Reason.NO_SUCH_FILE, "no such segment");
    }

    private TranscodeJob existing(String jobId) {
        TranscodeJob job = jobs.find(jobId)
                .orElseThrow(() -> new PlaylistUnavailableException(Reason.NO_SUCH_JOB, "no job with that id"));
        if (job.status() == JobStatus.Failed || job.status() == JobStatus.Cancelled) {
            throw new PlaylistUnavailableException(Reason.NO_SUCH_JOB,
                    "the job is " + job.status() + "; no manifest was generated");
        }
        if (job.outputExpired()) {
            throw expired();
        }
        return job;
    }

    private String media(TranscodeJob job, Rendition rendition, boolean ended) {
        List<MediaPlaylist.Entry> entries = job.segments(rendition.name()).stream()
                .map(s -> new MediaPlaylist.Entry(s.fileName(), s.durationSeconds()))
                .toList();
        // the init segment is published with the first media segment
        String init = fragmented(rendition) && !entries.isEmpty() ? rendition.initSegment() : null;
        // a growing playlist must keep its target duration, so it starts from the job's segment length
        long target = job.segmentSeconds() == null ? segmentSeconds : job.segmentSeconds();
        if (ended) {
            // a ladder's variants announce one target duration (Apple's authoring rules), the longest of any rung's
            target = job.hasLadder() ? job.renditions().stream().mapToLong(r -> MediaPlaylist.targetDuration(
                    job.segments(r.name()).stream().map(s -> new MediaPlaylist.Entry(s.fileName(), s.durationSeconds()))
                            .toList())).max().orElse(1) : 1;
        }
        return MediaPlaylist.render(entries, init, ended, target);
    }

    private static MasterPlaylist.Variant variant(TranscodeJob job, Rendition rendition) {
        List<MasterPlaylist.SegmentFile> files = job.segments(rendition.name()).stream()
                .map(s -> new MasterPlaylist.SegmentFile(s.bytes(), s.durationSeconds()))
                .toList();
        return new MasterPlaylist.Variant(rendition.playlist(), MasterPlaylist.peakBandwidth(files),
                MasterPlaylist.averageBandwidth(files), rendition.settings().codec().hlsCodecs(), fragmented(rendition));
    }

    /** Whether the rendition's files are fragmented MP4 (an init segment and .m4s media segments), not MPEG-TS. */
    public static boolean fragmented(Rendition rendition) {
        return rendition.settings().isFragmented();
    }

    private static PlaylistUnavailableException expired() {
        return new PlaylistUnavailableException(Reason.EXPIRED,
                "the job's output was deleted after the retention period (STREAM_RETENTION)");
    }
}
