package io.streamserver.transcoding.control;

import io.streamserver.transcoding.entity.EncodingSettings;
import io.streamserver.transcoding.entity.Priority;
import io.streamserver.transcoding.entity.Rendition;
import io.streamserver.transcoding.entity.SourceAudio;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Accepts a stored upload: proves it is audio that decodes and queues a job, which a worker claims once the transaction has
 * committed; the upload is deleted on refusal.
 */
@ApplicationScoped
public class Submissions {

    private static final System.Logger LOG = System.getLogger(Submissions.class.getName());

    @Inject
    Uploads uploads;

    @Inject
    Ffmpeg ffmpeg;

    @Inject
    SegmentLength segmentLength;

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<JobQueued> queued;

    @Inject
    @ConfigProperty(name = "stream.max-duration")
    Duration maxDuration;

    /**
     * @param upload the file that {@link Uploads#store} wrote
     * @param owner  the submitting token's subject, or null when authentication is off
     */
    @Transactional
    public TranscodeJob submit(Path upload, String trackId, EncodingSettings settings, List<Rendition> ladder,
                               Double loudnessTarget, Priority priority, String owner) {
        try {
            SourceAudio audio = ffmpeg.probe(upload);
            audio.checkNotLongerThan(maxDuration);
            ffmpeg.checkDecodes(upload, audio);
            TranscodeJob job = new TranscodeJob(trackId, settings, ladder, loudnessTarget, priority, audio,
                    upload.getFileName().toString()).ownedBy(owner).segmentedEvery(segmentLength.targetSeconds());
            em.persist(job);
            // a failed insert shows here, while the upload can still be deleted
            em.flush();
            LOG.log(Level.INFO, "job {0}: queued {1} ({2} s of {3}) as {4}", job.id(), trackId,
                    audio.durationSeconds(), audio.codec(), settings.codec().apiName());
            queued.fire(new JobQueued(job.id()));
            return job;
        } catch (RuntimeException e) {
            uploads.delete(upload);
            throw e;
        }
    }
}
