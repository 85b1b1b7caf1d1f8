package io.streamserver.console.control;

import io.streamserver.jobs.control.JobFiles;
import io.streamserver.platform.control.DataDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** ffmpeg's standard error of a job, as people may read it: its tail only, without the server's own paths. */
@ApplicationScoped
public class FfmpegLogs {

    static final int MAX_BYTES = 64 * 1024;

    @Inject
    DataDirectory data;

    @Inject
    JobFiles files;

    public Optional<String> tail(String jobId) {
        Path log = files.ffmpegLog(jobId);
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            long size = channel.size();
            long start = Math.max(0, size - MAX_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - start));
            channel.position(start);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read to the end
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            return Optional.of(withoutServerPaths(text, data.root()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ffmpeg log of job " + jobId, e);
        }
    }

    /** Paths inside the data directory become relative to it: clients learn nothing about the server's disks. */
    static String withoutServerPaths(String text, Path root) {
        String prefix = root.toString();
        return text.replace(prefix + "/", "").replace(prefix, ".");
    }
}
