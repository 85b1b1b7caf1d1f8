package io.streamserver.playback.control;

import io.streamserver.transcoding.control.JobLifecycle;
import io.streamserver.transcoding.entity.Codec;
import io.streamserver.transcoding.entity.JobStatus;
import io.streamserver.transcoding.entity.Rendition;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;

import java.util.List;
import java.util.Optional;

/**
 * A job's HLS playlists, rendered from the segments the job has committed: index.m3u8 is the media playlist
 * of a job with one output, or the master playlist of a ladder whose renditions have their own.
 */
@ApplicationScoped
public class Manifests {

    @Inject
    JobLifecycle lifecycle;

    public String manifest(String jobId) {
        TranscodeJob job = completed(jobId);
        if (!job.hasLadder()) {
            return media(job, job.renditions().get(0));
        }
        List<MasterPlaylist.Variant> variants = job.renditions().stream().map(r -> variant(job, r)).toList();
        return MasterPlaylist.render(variants);
    }

    /** A ladder rendition's media playlist, by its file name ({@code high.m3u8}); empty when there is none. */
    public Optional<String> renditionPlaylist(String jobId, String fileName) {
        TranscodeJob job = lifecycle.find(jobId).orElseThrow(() -> new NotFoundException("no job with that id"));
        Optional<Rendition> rendition = job.hasLadder()
                ? job.renditions().stream().filter(r -> r.playlist().equals(fileName)).findFirst()
                : Optional.empty();
        if (rendition.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(media(completed(jobId), rendition.get()));
    }

    private TranscodeJob completed(String jobId) {
        TranscodeJob job = lifecycle.find(jobId).orElseThrow(() -> new NotFoundException("no job with that id"));
        if (job.status() == JobStatus.Failed || job.status() == JobStatus.Cancelled) {
            throw new NotFoundException("the job is " + job.status() + "; no manifest was generated");
        }
        if (job.status() != JobStatus.Completed) {
            throw new BadRequestException("the job is " + job.status() + "; its manifest is served once it is Completed");
        }
        return job;
    }

    private static String media(TranscodeJob job, Rendition rendition) {
        List<MediaPlaylist.Entry> entries = job.segments(rendition.name()).stream()
                .map(s -> new MediaPlaylist.Entry(s.fileName(), s.durationSeconds()))
                .toList();
        return MediaPlaylist.render(entries, fragmented(rendition) ? rendition.initSegment() : null, true);
    }

    private static MasterPlaylist.Variant variant(TranscodeJob job, Rendition rendition) {
        List<MasterPlaylist.SegmentFile> files = job.segments(rendition.name()).stream()
                .map(s -> new MasterPlaylist.SegmentFile(s.bytes(), s.durationSeconds()))
                .toList();
        return new MasterPlaylist.Variant(rendition.playlist(), MasterPlaylist.peakBandwidth(files),
                MasterPlaylist.averageBandwidth(files),
                rendition.settings().codec().hlsCodecs(), fragmented(rendition));
    }

    private static boolean fragmented(Rendition rendition) {
        return rendition.settings().codec().container() == Codec.Container.FRAGMENTED_MP4;
    }
}
