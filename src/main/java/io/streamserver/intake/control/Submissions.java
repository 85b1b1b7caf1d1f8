package io.streamserver.intake.control;

import io.streamserver.jobs.control.JobQueued;
import io.streamserver.jobs.control.SegmentLength;
import io.streamserver.jobs.entity.Priority;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.control.Ffmpeg;
import io.streamserver.media.entity.EncodingSettings;
import io.streamserver.media.entity.Rendition;
import io.streamserver.media.entity.SourceAudio;
import io.streamserver.platform.control.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Accepts a stored upload: proves it is audio that decodes, in one of the {@link UploadChecks}' slots and outside any
 * transaction, then queues a job in a short transaction of its own, which a worker claims once it has committed; the
 * upload is deleted on refusal.
 */
@ApplicationScoped
public class Submissions {

    private static final System.Logger LOG = System.getLogger(Submissions.class.getName());

    @Inject
    Uploads uploads;

    @Inject
    Ffmpeg ffmpeg;

    @Inject
    UploadChecks checks;

    @Inject
    Transactions transactions;

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
     * @param callbackUrl the checked URL that receives the job's final event, or null
     * @param alsoRecord  what else the job's transaction records about the job (an idempotency key's answer), so that
     *                    both commit or neither does
     */
    public TranscodeJob submit(Path upload, String trackId, EncodingSettings settings, List<Rendition> ladder,
                               Double loudnessTarget, Priority priority, String owner, String callbackUrl,
                               Consumer<TranscodeJob> alsoRecord) {
        try {
            SourceAudio audio = checks.run(() -> ffmpeg.probe(upload));
            audio.checkNotLongerThan(maxDuration);
            TranscodeJob job = new TranscodeJob(trackId, settings, ladder, loudnessTarget, priority, audio,
                    upload.getFileName().toString()).ownedBy(owner).segmentedEvery(segmentLength.targetSeconds())
                    .callingBack(callbackUrl);
            uploads.share(upload);
            transactions.run(() -> {
                em.persist(job);
                alsoRecord.accept(job);
                // fired inside the transaction: the dispatcher hears of the job once it has committed
                queued.fire(new JobQueued(job.id()));
            });
            LOG.log(Level.INFO, "job {0}: queued {1} ({2} s of {3}) as {4}", job.id(), trackId,
                    audio.durationSeconds(), audio.codec(), settings.codec().apiName());
            return job;
        } catch (RuntimeException e) {
            uploads.delete(upload);
            throw e;
        }
    }
}
