package io.streamserver.playback.control;

import io.streamserver.jobs.control.JobFiles;
import io.streamserver.jobs.control.Jobs;
import io.streamserver.jobs.entity.JobStatus;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.entity.Codec;
import io.streamserver.media.entity.Rendition;
import io.streamserver.playback.control.PlaylistUnavailableException.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A finished rendition as one file, made of the files the encoder already wrote, neither re-encoded nor copied:
 * an init segment followed by its fragmented MP4 segments is a fragmented MP4 file, and MPEG-TS segments in a row
 * are an MPEG-TS file. The parts are streamed one after another.
 */
@ApplicationScoped
public class Downloads {

    /**
     * @param fileName  the name to save it under: the sanitised track id and the container's extension
     * @param rendition the rendition's name, part of the validator
     * @param parts     the files whose bytes, in this order, are the download
     */
    public record Download(String fileName, String mediaType, String rendition, long completedAtMillis, List<Path> parts) {
    }

    private static final int MAX_NAME = 100;
    /**
     * The highest rung: the best profile (hi_res over high, medium, low), lossless before lossy, then the higher
     * bitrate. Not the measured bit rate: a VBR codec can spend more bits than FLAC on simple audio.
     */
    static final Comparator<Rendition> HIGHEST = Comparator
            .<Rendition, Integer>comparing(r -> -r.settings().profile().ordinal())
            .thenComparing(r -> r.settings().codec().isLossless())
            .thenComparing(r -> r.settings().bitrate() == null ? Integer.MAX_VALUE : r.settings().bitrate());

    @Inject
    Jobs jobs;

    @Inject
    JobFiles files;

    /**
     * @param choice a ladder rendition's name (as its playlist is named) or its position in the master playlist from 1;
     *               null for the highest rung
     */
    @Transactional
    public Download of(String jobId, String choice) {
        TranscodeJob job = jobs.find(jobId)
                .orElseThrow(() -> new PlaylistUnavailableException(Reason.NO_SUCH_JOB, "no job with that id"));
        if (job.outputExpired()) {
            throw new PlaylistUnavailableException(Reason.EXPIRED,
                    "the job's output was deleted after the retention period (STREAM_RETENTION)");
        }
        Rendition rendition = chosen(job, choice).orElseThrow(() -> new PlaylistUnavailableException(Reason.NO_SUCH_FILE,
                "no rendition '" + choice + "'; give a rendition's name or its position in the master playlist, from 1"));
        if (job.status() != JobStatus.Completed) {
            throw new PlaylistUnavailableException(Reason.NOT_FINISHED,
                    "the job is " + job.status() + "; its download is made only from a Completed job");
        }
        Path folder = files.jobFolder(job.id());
        List<Path> parts = new ArrayList<>();
        boolean fragmented = Manifests.fragmented(rendition);
        if (fragmented) {
            parts.add(folder.resolve(rendition.initSegment()));
        }
        job.segments(rendition.name()).forEach(segment -> parts.add(folder.resolve(segment.fileName())));
        Codec codec = rendition.settings().codec();
        String extension = !fragmented ? "ts" : codec == Codec.AAC ? "m4a" : "mp4";
        String mediaType = fragmented ? Codec.Container.FRAGMENTED_MP4.mediaType : Codec.Container.MPEG_TS.mediaType;
        return new Download(fileName(job.trackId()) + "." + extension, mediaType, rendition.name(),
                job.completedAt() == null ? 0 : job.completedAt().toEpochMilli(), List.copyOf(parts));
    }

    private static Optional<Rendition> chosen(TranscodeJob job, String choice) {
        List<Rendition> renditions = job.renditions();
        if (choice == null || choice.isBlank()) {
            return renditions.stream().max(HIGHEST);
        }
        String value = choice.strip().toLowerCase(Locale.ROOT);
        if (value.matches("\\d{1,2}")) {
            int position = Integer.parseInt(value);
            return position >= 1 && position <= renditions.size() ? Optional.of(renditions.get(position - 1)) : Optional.empty();
        }
        return renditions.stream().filter(r -> r.name().equals(value)).findFirst();
    }


    /**
     * A file name any system takes: letters, digits, '.', '-' and '_' of the track id, everything else '_', no leading
     * dot (a hidden file) and at most 100 characters; "track" when nothing is left.
     */
    static String fileName(String trackId) {
        String name = (trackId == null ? "" : trackId).replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^[._]+", "");
        if (name.length() > MAX_NAME) {
            name = name.substring(0, MAX_NAME);
        }
        return name.isEmpty() ? "track" : name;
    }
}
