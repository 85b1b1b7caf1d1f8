package io.streamserver.playback.control;

import io.streamserver.jobs.control.JobFiles;
import io.streamserver.media.control.Waveform;
import io.streamserver.storage.control.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

    @Inject
    Storage storage;

    /**
     * The peaks of a job (by its canonical id), when the encode has written them; the caller closes the stream. With a
     * bucket this asks it: never inside a transaction.
     */
    public Optional<InputStream> of(String jobId) {
        if (storage.inBucket()) {
            String key = Storage.jobKey(jobId, Waveform.FILE_NAME);
            return storage.head(key).map(object -> storage.read(key, 0, object.size()));
        }
        return regularFile(files.jobFolder(jobId).resolve(Waveform.FILE_NAME)).map(file -> {
            try {
                return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Only a plain file is served: neither a folder of that name nor a symbolic link to somewhere else. */
    static Optional<Path> regularFile(Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(file) : Optional.empty();
    }
}
