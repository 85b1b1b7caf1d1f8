package io.streamserver.jobs.entity;

import io.streamserver.media.entity.EncodingSettings;
import io.streamserver.media.entity.Loudness;
import io.streamserver.media.entity.Rendition;
import io.streamserver.media.entity.SourceAudio;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One uploaded file on its way to HLS. It owns its state changes and refuses the illegal ones,
 * so whatever drives it (REST, the batch job, recovery) cannot leave it inconsistent.
 */
@Entity
@Table(name = "TRANSCODE_JOB")
@NamedQuery(name = TranscodeJob.NEWEST, query = "SELECT j FROM TranscodeJob j"
        + " WHERE j.status IN :statuses AND j.priority IN :priorities AND (:everyOwner = TRUE OR j.owner = :owner)"
        + " ORDER BY j.createdAt DESC, j.id DESC")
@NamedQuery(name = TranscodeJob.OLDER_THAN, query = "SELECT j FROM TranscodeJob j"
        + " WHERE j.status IN :statuses AND j.priority IN :priorities AND (:everyOwner = TRUE OR j.owner = :owner)"
        + " AND (j.createdAt < :createdAt OR (j.createdAt = :createdAt AND j.id < :id))"
        + " ORDER BY j.createdAt DESC, j.id DESC")
@NamedQuery(name = TranscodeJob.STATUS, query = "SELECT DISTINCT j FROM TranscodeJob j LEFT JOIN FETCH j.ladder"
        + " LEFT JOIN FETCH j.renditionProgress WHERE j.id = :id")
@NamedQuery(name = TranscodeJob.BY_IDS, query = "SELECT j FROM TranscodeJob j WHERE j.id IN :ids")
@NamedQuery(name = TranscodeJob.OUTPUTS_TO_EXPIRE, query = "SELECT j.id FROM TranscodeJob j"
        + " WHERE j.status = :completed AND j.outputExpiredAt IS NULL AND j.completedAt < :cutoff")
@NamedQuery(name = TranscodeJob.UPLOADS_TO_RELEASE, query = "SELECT j.id FROM TranscodeJob j"
        + " WHERE j.status IN :ended AND j.sourceFile IS NOT NULL AND j.completedAt < :cutoff")
@NamedQuery(name = TranscodeJob.ROWS_TO_DELETE, query = "SELECT j.id FROM TranscodeJob j"
        + " WHERE j.status IN :ended AND j.completedAt < :cutoff")
@NamedQuery(name = TranscodeJob.CLAIMED_BY, query = "SELECT j.id FROM TranscodeJob j WHERE j.status = "
        + "io.streamserver.jobs.entity.JobStatus.Processing AND j.lease.claimedBy = :instance")
@NamedQuery(name = TranscodeJob.HELD, query = "SELECT j.lease.claimedBy, j.id FROM TranscodeJob j WHERE j.status = "
        + "io.streamserver.jobs.entity.JobStatus.Processing AND j.lease.claimedBy IS NOT NULL"
        + " AND (:everyOwner = TRUE OR j.owner = :owner) ORDER BY j.lease.claimedBy, j.createdAt")
@NamedQuery(name = TranscodeJob.CLAIMS, query = "SELECT j.id, j.status, j.lease.epoch, j.lease.claimedBy FROM TranscodeJob j"
        + " WHERE j.id IN :ids")
public class TranscodeJob {

    /**
     * Jobs newest first, filtered by :statuses and :priorities (pass every value for no filter), and by :owner
     * unless :everyOwner.
     */
    public static final String NEWEST = "TranscodeJob.newest";
    /** The same, after the keyset position (:createdAt, :id) where the previous page ended. */
    public static final String OLDER_THAN = "TranscodeJob.olderThan";
    /** The jobs with the given :ids, for those watching them. */
    public static final String BY_IDS = "TranscodeJob.byIds";
    /** Ids of :completed jobs that finished before :cutoff and still have their output. */
    public static final String OUTPUTS_TO_EXPIRE = "TranscodeJob.outputsToExpire";
    /** Ids of jobs in an :ended state (Failed, Cancelled) before :cutoff whose upload is still kept for a retry. */
    public static final String UPLOADS_TO_RELEASE = "TranscodeJob.uploadsToRelease";
    /** Ids of jobs in an :ended state before :cutoff, whose rows go. */
    public static final String ROWS_TO_DELETE = "TranscodeJob.rowsToDelete";

    /** Ids of the jobs that one server instance was processing. */
    public static final String CLAIMED_BY = "TranscodeJob.claimedBy";
    /** The job with :id and all that its status shows (ladder, the renditions' progress), in one query. */
    public static final String STATUS = "TranscodeJob.status";
    /** Each of the jobs with the given :ids as (id, status, epoch, holder), for their holder to check its claims. */
    public static final String CLAIMS = "TranscodeJob.claims";
    /** The running jobs as (server, job id) pairs, by server and oldest first, of :owner unless :everyOwner. */
    public static final String HELD = "TranscodeJob.held";


    public static final int MAX_ERROR_LENGTH = 2000;
    public static final int MAX_CALLBACK_URL_LENGTH = 2048;
    /** While segments arrive, progress stops short of 100 so that 100 always means a playable result. */
    private static final double PROGRESS_BEFORE_COMPLETION = 99.9;

    @Id
    @Column(length = 36)
    private String id;

    @Version
    private long version;

    @Column(name = "TRACK_ID", nullable = false, length = TrackId.MAX_LENGTH)
    private String trackId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private JobStatus status;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Priority priority;

    /** The priority as a number that sorts in scheduling order. */
    @Column(name = "PRIORITY_RANK", nullable = false)
    private int priorityRank;

    @Embedded
    private Lease lease = new Lease();

    private double progress;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "STARTED_AT")
    private Instant startedAt;

    @Column(name = "COMPLETED_AT")
    private Instant completedAt;

    @Column(name = "ERROR", length = MAX_ERROR_LENGTH)
    private String error;

    @Embedded
    private EncodingSettings encoding;

    @Embedded
    private SourceAudio source;

    /** The upload's file name inside the data directory's upload folder; null once released after the retention. */
    @Column(name = "SOURCE_FILE", length = 64)
    private String sourceFile;

    /** The target segment length when the job was submitted, so that a retry cuts as the first run did; null in old rows. */
    @Column(name = "SEGMENT_SECONDS")
    private Integer segmentSeconds;

    @Column(name = "EXECUTION_ID")
    private Long executionId;

    /** The subject of the token that submitted the job; null when authentication was off. */
    @Column(name = "OWNER", length = 255)
    private String owner;

    /** The URL, checked by the caller, that receives the job's final event signed with the server's webhook secret; null for none. */
    @Column(name = "CALLBACK_URL", length = MAX_CALLBACK_URL_LENGTH)
    private String callbackUrl;

    /** When the retention period deleted the HLS output; null while it is kept. */
    @Column(name = "OUTPUT_EXPIRED_AT")
    private Instant outputExpiredAt;

    /** Read for playlists; recording a segment never loads them (see {@link RenditionProgress}). */
    @OneToMany(mappedBy = "job", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("rendition, sequence")
    private List<Segment> segments = new ArrayList<>();

    /** One per rendition, made with the job; while it is Processing, its progress is read from these. */
    @OneToMany(mappedBy = "job", cascade = CascadeType.ALL, orphanRemoval = true)
    private List<RenditionProgress> renditionProgress = new ArrayList<>();

    /** The adaptive ladder's rungs, in the order asked; empty for a job with one output. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "JOB_RENDITION", joinColumns = @JoinColumn(name = "JOB_ID"))
    @OrderColumn(name = "POSITION")
    private List<Rendition> ladder = new ArrayList<>();

    /** LUFS that the output is normalised to with two-pass loudnorm; null keeps the source's loudness. */
    @Column(name = "LOUDNESS_TARGET")
    private Double loudnessTarget;

    @Embedded
    @AttributeOverrides({
            @AttributeOverride(name = "integratedLufs", column = @Column(name = "SOURCE_INTEGRATED_LUFS")),
            @AttributeOverride(name = "truePeakDbtp", column = @Column(name = "SOURCE_TRUE_PEAK_DBTP")),
            @AttributeOverride(name = "lra", column = @Column(name = "SOURCE_LRA")),
            @AttributeOverride(name = "thresholdLufs", column = @Column(name = "SOURCE_THRESHOLD_LUFS")),
            @AttributeOverride(name = "targetOffset", column = @Column(name = "SOURCE_TARGET_OFFSET")),
            @AttributeOverride(name = "samplePeakDbfs", column = @Column(name = "SOURCE_SAMPLE_PEAK_DBFS"))})
    private Loudness sourceLoudness;

    @Embedded
    @AttributeOverrides({
            @AttributeOverride(name = "integratedLufs", column = @Column(name = "OUTPUT_INTEGRATED_LUFS")),
            @AttributeOverride(name = "truePeakDbtp", column = @Column(name = "OUTPUT_TRUE_PEAK_DBTP")),
            @AttributeOverride(name = "lra", column = @Column(name = "OUTPUT_LRA")),
            @AttributeOverride(name = "thresholdLufs", column = @Column(name = "OUTPUT_THRESHOLD_LUFS")),
            @AttributeOverride(name = "targetOffset", column = @Column(name = "OUTPUT_TARGET_OFFSET")),
            @AttributeOverride(name = "samplePeakDbfs", column = @Column(name = "OUTPUT_SAMPLE_PEAK_DBFS"))})
    private Loudness outputLoudness;

    protected TranscodeJob() {
    }

    public TranscodeJob(String trackId, EncodingSettings encoding, Priority priority, SourceAudio source, String sourceFile) {
        this(trackId, encoding, List.of(), null, priority, source, sourceFile);
    }

    /**
     * @param ladder         the renditions of an adaptive ladder, or empty for one output with {@code encoding}
     * @param loudnessTarget LUFS to normalise to, or null
     */
    public TranscodeJob(String trackId, EncodingSettings encoding, List<Rendition> ladder, Double loudnessTarget,
                        Priority priority, SourceAudio source, String sourceFile) {
        this.ladder = new ArrayList<>(ladder);
        this.loudnessTarget = loudnessTarget;
        this.id = UUID.randomUUID().toString();
        this.trackId = new TrackId(trackId).value();
        this.encoding = Objects.requireNonNull(encoding);
        this.priority = Objects.requireNonNull(priority);
        this.priorityRank = priority.ordinal();
        this.source = Objects.requireNonNull(source);
        this.sourceFile = Objects.requireNonNull(sourceFile);
        this.status = JobStatus.Pending;
        // millisecond precision survives every database, so a list cursor built from it matches the stored value
        this.createdAt = now();
        renditions().forEach(r -> renditionProgress.add(new RenditionProgress(this, r.name())));
    }

    /** Records who submitted the job, once, before it is queued. */
    public TranscodeJob ownedBy(String subject) {
        if (status != JobStatus.Pending || owner != null) {
            throw illegal("set the owner of");
        }
        if (subject != null && (subject.isBlank() || subject.length() > 255)) {
            throw new IllegalArgumentException("an owner is 1 to 255 characters");
        }
        owner = subject;
        return this;
    }

    /** Records, once, before it is queued, the URL that receives the job's final event; null for none. */
    public TranscodeJob callingBack(String url) {
        if (status != JobStatus.Pending || callbackUrl != null) {
            throw illegal("set the callback URL of");
        }
        if (url != null && (url.isBlank() || url.length() > MAX_CALLBACK_URL_LENGTH)) {
            throw new IllegalArgumentException("a callback URL is 1 to " + MAX_CALLBACK_URL_LENGTH + " characters");
        }
        callbackUrl = url;
        return this;
    }

    /** Records, once, the target segment length in force at submission. */
    public TranscodeJob segmentedEvery(int seconds) {
        if (status != JobStatus.Pending || segmentSeconds != null) {
            throw illegal("set the segment length of");
        }
        if (seconds <= 0) {
            throw new IllegalArgumentException("a segment length is positive");
        }
        segmentSeconds = seconds;
        return this;
    }

    /**
     * Takes a queued job, or one whose holder let its lease expire, for processing on one server instance, under a
     * new epoch; the holder before, if any, has its writes refused from now on.
     *
     * @return the epoch that the new holder's writes must carry
     */
    public long claim(String instance, Instant now, Duration lease) {
        if (!isClaimable(now)) {
            throw illegal("claim");
        }
        status = JobStatus.Processing;
        long epoch = this.lease.claim(instance, now, lease);
        if (startedAt == null) {
            startedAt = now.truncatedTo(ChronoUnit.MILLIS);
        }
        return epoch;
    }

    /** Queued, or processing under a lease that has expired (a job of before leases has none). */
    public boolean isClaimable(Instant now) {
        return status == JobStatus.Pending
                || status == JobStatus.Processing && lease.hasExpired(now);
    }

    /** Whether the instance still holds the job under the epoch of its claim. */
    public boolean isHeldBy(String instance, long claimEpoch) {
        return status == JobStatus.Processing && lease.isOf(instance, claimEpoch);
    }

    /** Fencing: refuses the write of a server that no longer holds the job under its claim's epoch. */
    public TranscodeJob heldBy(String instance, long claimEpoch) {
        if (!isHeldBy(instance, claimEpoch)) {
            throw new LeaseLostException("job " + id + " is no longer held by " + instance + " under epoch " + claimEpoch
                    + ": it is " + status + ", " + lease);
        }
        return this;
    }

    /** The holder's heartbeat: its claim stands until then. */
    public void renewLease(String instance, long claimEpoch, Instant until) {
        heldBy(instance, claimEpoch);
        lease.renew(until);
    }

    /** Whether the job was cancelled while this claim held it, so that its holder must stop and tidy up. */
    public boolean wasCancelledUnder(String instance, long claimEpoch) {
        return status == JobStatus.Cancelled && lease.isOf(instance, claimEpoch);
    }

    /** The holder of a cancelled job has stopped its processes: the cancel is carried out. */
    public void release(String instance, long claimEpoch) {
        if (wasCancelledUnder(instance, claimEpoch)) {
            lease.end();
        }
    }

    /** A cancelled job whose holder has not yet confirmed that it stopped, and whose lease still runs. */
    public boolean awaitsRelease(Instant now) {
        return status == JobStatus.Cancelled && lease.stands(now);
    }

    /** The batch execution that processes the claimed job has begun; false if the job was cancelled meanwhile. */
    public boolean start(long batchExecutionId) {
        if (status == JobStatus.Cancelled) {
            return false;
        }
        if (status != JobStatus.Processing) {
            throw illegal("start");
        }
        this.executionId = batchExecutionId;
        return true;
    }

    /** Stops a queued or running job; cancelling a cancelled job changes nothing. */
    public boolean cancel() {
        if (status == JobStatus.Cancelled) {
            return false;
        }
        if (status != JobStatus.Pending && status != JobStatus.Processing) {
            throw illegal("cancel");
        }
        keepProgress();
        status = JobStatus.Cancelled;
        completedAt = now();
        return true;
    }

    /**
     * Queues a failed or cancelled job again. Its committed segments stay recorded, so progress does not go
     * back, and a failed job resumes after its last committed segment.
     */
    public void retry() {
        if (status != JobStatus.Failed && status != JobStatus.Cancelled) {
            throw illegal("retry");
        }
        if (sourceFile == null) {
            throw new IllegalTransitionException("cannot retry a job whose upload was deleted after the retention period"
                    + " (STREAM_RETENTION)");
        }
        backToQueue();
    }

    /**
     * Refuses the discard of a job that is not done with: one queued or running, or cancelled while its holder has
     * yet to stop its processes, which still write into its folder.
     *
     * @return the upload to delete with the job, or null once it was released
     */
    public String discard(Instant now) {
        if (status != JobStatus.Completed && status != JobStatus.Failed && status != JobStatus.Cancelled
                || awaitsRelease(now)) {
            throw illegal("discard");
        }
        return sourceFile;
    }

    /**
     * The retention period of a failed or cancelled job is over: its upload is about to be deleted, and no retry can
     * need it any more.
     */
    public void releaseSource() {
        if (status != JobStatus.Failed && status != JobStatus.Cancelled) {
            throw illegal("release the upload of");
        }
        sourceFile = null;
    }

    /** Puts a job whose server stopped or died while processing it back in the queue, to resume where it was. */
    public void requeue() {
        if (status != JobStatus.Processing) {
            throw illegal("requeue");
        }
        keepProgress();
        backToQueue();
    }

    private void backToQueue() {
        status = JobStatus.Pending;
        lease.end();
        completedAt = null;
        error = null;
    }

    /**
     * Records a segment whose file is complete. A sequence number already recorded is ignored, so that a restarted
     * encode may offer it again.
     *
     * @return the segment, for the caller to store, or empty when it was already recorded
     */
    public Optional<Segment> recordSegment(int sequence, String fileName, double durationSeconds) {
        return recordSegment(Rendition.SINGLE, sequence, fileName, durationSeconds, 0);
    }

    /**
     * Records a rendition's complete segment in the rendition's progress: neither the job's row nor its earlier
     * segments are touched, so the cost is the same for the thousandth segment as for the first, and a ladder's
     * renditions never contend. Progress is the share of all renditions' output done, so it rises monotonically
     * however their encodes interleave.
     *
     * @return the segment, for the caller to store, or empty when it was already recorded
     */
    public Optional<Segment> recordSegment(String rendition, int sequence, String fileName, double durationSeconds,
                                           long bytes) {
        if (status != JobStatus.Processing) {
            throw illegal("record a segment for");
        }
        rendition(rendition); // refuses a rendition the job does not have
        return progressOf(rendition).advance(sequence, fileName, durationSeconds, bytes);
    }

    private RenditionProgress progressOf(String rendition) {
        return renditionProgress.stream().filter(p -> p.rendition().equals(rendition)).findFirst().orElseGet(() -> {
            // a job queued before renditions had their progress rows
            RenditionProgress made = new RenditionProgress(this, rendition);
            renditionProgress.add(made);
            return made;
        });
    }

    /**
     * Progress never goes down, and reaches 100 only on completion. While the job runs it is the share of its output
     * recorded so far; when it stops running, that share is kept.
     */
    public double progress() {
        if (status != JobStatus.Processing) {
            return progress;
        }
        double covered = renditionProgress.stream().mapToDouble(RenditionProgress::coveredSeconds).sum();
        double bounded = Math.min(PROGRESS_BEFORE_COMPLETION,
                Math.max(0, covered / (source.durationSeconds() * renditions().size()) * 100));
        return Math.max(progress, Math.round(bounded * 10) / 10.0);
    }

    /** Keeps the running job's progress, which no longer follows its renditions once it stops. */
    private void keepProgress() {
        progress = progress();
    }

    public void complete() {
        if (status != JobStatus.Processing) {
            throw illegal("complete");
        }
        if (renditions().stream().anyMatch(r -> lastSegmentSequence(r.name()) == 0)) {
            throw new IllegalStateException("job " + id + " cannot complete without a segment in every rendition");
        }
        status = JobStatus.Completed;
        progress = 100;
        completedAt = now();
    }

    public void fail(String reason) {
        if (status.isFinal()) {
            throw illegal("fail");
        }
        keepProgress();
        status = JobStatus.Failed;
        completedAt = now();
        String text = reason == null || reason.isBlank() ? "transcoding failed" : reason.strip();
        error = text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }

    /** The retention period is over and the HLS output has been, or is about to be, deleted. */
    public void expireOutput() {
        if (status != JobStatus.Completed) {
            throw illegal("expire the output of");
        }
        if (outputExpiredAt == null) {
            outputExpiredAt = now();
        }
    }

    public boolean outputExpired() {
        return outputExpiredAt != null;
    }

    private IllegalTransitionException illegal(String action) {
        return new IllegalTransitionException("cannot " + action + " a job that is " + status);
    }

    /** Records the source's EBU R128 measurement, made before encoding. */
    public void measured(Loudness loudness) {
        if (status != JobStatus.Processing) {
            throw illegal("measure the loudness of");
        }
        this.sourceLoudness = Objects.requireNonNull(loudness);
    }

    /** Records the loudness of the normalised output. */
    public void normalised(Loudness loudness) {
        if (status != JobStatus.Processing) {
            throw illegal("record the output loudness of");
        }
        if (loudnessTarget == null) {
            throw new IllegalStateException("job " + id + " has no loudness target");
        }
        this.outputLoudness = Objects.requireNonNull(loudness);
    }

    public int lastSegmentSequence() {
        return lastSegmentSequence(Rendition.SINGLE);
    }

    public int lastSegmentSequence(String rendition) {
        return renditionProgress.stream().filter(p -> p.rendition().equals(rendition))
                .mapToInt(RenditionProgress::lastSequence).findFirst().orElse(0);
    }

    /** The outputs: the ladder's rungs, or the one rendition of a job without a ladder. */
    public List<Rendition> renditions() {
        return ladder.isEmpty() ? List.of(Rendition.single(encoding)) : Collections.unmodifiableList(ladder);
    }

    public Rendition rendition(String name) {
        return renditions().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("job " + id + " has no rendition " + name));
    }

    public boolean hasLadder() {
        return !ladder.isEmpty();
    }

    public List<Segment> segments(String rendition) {
        return segments.stream().filter(s -> s.rendition().equals(rendition)).toList();
    }

    public Double loudnessTarget() {
        return loudnessTarget;
    }

    /** The source's loudness, or null until measured. */
    public Loudness sourceLoudness() {
        return sourceLoudness;
    }

    /** The normalised output's loudness, or null without a target or until measured. */
    public Loudness outputLoudness() {
        return outputLoudness;
    }

    public String id() {
        return id;
    }

    public String trackId() {
        return trackId;
    }

    public JobStatus status() {
        return status;
    }

    public Priority priority() {
        return priority;
    }

    /** Times in milliseconds, which every database keeps: a job answered before and after a commit shows the same. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant completedAt() {
        return completedAt;
    }

    public String error() {
        return error;
    }

    public SourceAudio source() {
        return source;
    }

    /** The upload's file name, or null once released. */
    public String sourceFile() {
        return sourceFile;
    }

    /** The target segment length recorded at submission, or null for a job submitted before it was recorded. */
    public Integer segmentSeconds() {
        return segmentSeconds;
    }

    public String owner() {
        return owner;
    }

    /** The URL that receives the job's final event, or null. */
    public String callbackUrl() {
        return callbackUrl;
    }

    public Long executionId() {
        return executionId;
    }

    /** The instance that holds the job, or last held it; null before its first claim. */
    public String claimedBy() {
        return lease.holder();
    }

    public long epoch() {
        return lease.epoch();
    }

    public Instant leaseExpiresAt() {
        return lease.expiresAt();
    }

    public List<Segment> segments() {
        return Collections.unmodifiableList(segments);
    }
}
