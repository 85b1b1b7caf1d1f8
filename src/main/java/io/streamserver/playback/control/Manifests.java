package io.streamserver.playback.control;

import io.streamserver.transcoding.control.HlsEncoding;
import io.streamserver.transcoding.control.JobLifecycle;
import io.streamserver.transcoding.entity.Codec;
import io.streamserver.transcoding.entity.JobStatus;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;

import java.util.List;

/** A job's HLS manifest, rendered from the segments the job has committed. */
@ApplicationScoped
public class Manifests {

    @Inject
    JobLifecycle lifecycle;

    public String manifest(String jobId) {
        TranscodeJob job = lifecycle.find(jobId).orElseThrow(() -> new NotFoundException("no job with that id"));
        if (job.status() == JobStatus.Failed || job.status() == JobStatus.Cancelled) {
            throw new NotFoundException("the job is " + job.status() + "; no manifest was generated");
        }
        if (job.status() != JobStatus.Completed) {
            throw new BadRequestException("the job is " + job.status() + "; its manifest is served once it is Completed");
        }
        List<MediaPlaylist.Entry> entries = job.segments().stream()
                .map(s -> new MediaPlaylist.Entry(s.fileName(), s.durationSeconds()))
                .toList();
        boolean fragmented = job.encoding().codec().container() == Codec.Container.FRAGMENTED_MP4;
        return MediaPlaylist.render(entries, fragmented ? HlsEncoding.INIT_SEGMENT : null, true);
    }
}
