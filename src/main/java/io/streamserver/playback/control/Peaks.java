package io.streamserver.playback.control;

import io.streamserver.jobs.control.JobFiles;
import io.streamserver.media.control.Waveform;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A job's waveform: the min/max peaks that the encode writes beside the HLS output ({@link Waveform}), in the JSON
 * format of BBC's audiowaveform (version 2), which waveform players such as wavesurfer.js and peaks.js draw.
 */
@ApplicationScoped
public class Peaks {

    @Inject
    JobFiles files;

    /** The peaks file of a job (by its canonical id), when the encode has written one. */
    public Optional<Path> of(String jobId) {
        return regularFile(files.jobFolder(jobId).resolve(Waveform.FILE_NAME));
    }

    /** Only a plain file is served: neither a folder of that name nor a symbolic link to somewhere else. */
    static Optional<Path> regularFile(Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(file) : Optional.empty();
    }
}
