package io.streamserver.playback.control;

import io.streamserver.transcoding.control.HlsEncoding;
import io.streamserver.transcoding.control.JobLifecycle;
import io.streamserver.transcoding.entity.Codec;
import io.streamserver.transcoding.entity.JobStatus;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/** A job's HLS manifest, rendered from the segments the job has committed. */
@ApplicationScoped
public class Manifests {

    @Inject
    JobLifecycle lifecycle;

    @Inject
    @ConfigProperty(name = "stream.segment-seconds")
    int segmentSeconds;

    /**
     * The playlist of a Completed job. With progressive, a job still Pending or Processing gets an EVENT playlist
     * of the segments committed so far, without ENDLIST, that players reload until the job completes.
     */
    public String manifest(String jobId, boolean progressive) {
        TranscodeJob job = lifecycle.find(jobId).orElseThrow(() -> new NotFoundException("no job with that id"));
        if (job.status() == JobStatus.Failed || job.status() == JobStatus.Cancelled) {
            throw new NotFoundException("the job is " + job.status() + "; no manifest was generated");
        }
        requireOutput(job);
        boolean ended = job.status() == JobStatus.Completed;
        if (!ended && !progressive) {
            throw new BadRequestException("the job is " + job.status() + "; its manifest is served once it is Completed"
                    + " (or now, as a growing EVENT playlist, with ?progressive=true)");
        }
        List<MediaPlaylist.Entry> entries = job.segments().stream()
                .map(s -> new MediaPlaylist.Entry(s.fileName(), s.durationSeconds()))
                .toList();
        boolean fragmented = job.encoding().codec().container() == Codec.Container.FRAGMENTED_MP4;
        // the init segment is published with the first media segment
        String init = fragmented && !entries.isEmpty() ? HlsEncoding.INIT_SEGMENT : null;
        // a growing playlist must keep its target duration, so it starts from the configured segment length
        return MediaPlaylist.render(entries, init, ended, ended ? 1 : segmentSeconds);
    }

    /** Why a segment file is missing: 410 once the retention period deleted the job's output, else 404. */
    public WebApplicationException missingSegment(String jobId) {
        Optional<TranscodeJob> job = lifecycle.find(jobId);
        if (job.isPresent() && job.get().outputExpired()) {
            return gone();
        }
        return new NotFoundException("no such segment");
    }

    private static void requireOutput(TranscodeJob job) {
        if (job.outputExpired()) {
            throw gone();
        }
    }

    private static WebApplicationException gone() {
        return new ClientErrorException("the job's output was deleted after the retention period (STREAM_RETENTION)",
                Response.Status.GONE);
    }
}
