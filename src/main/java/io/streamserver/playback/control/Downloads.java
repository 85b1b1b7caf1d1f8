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

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A finished rendition as one file, made of the files the encoder already wrote, neither re-encoded nor copied:
 * an init segment followed by its fragmented MP4 segments is a fragmented MP4 file, and MPEG-TS segments in a row
 * are an MPEG-TS file. FLAC becomes a native FLAC file: its header from the init segment, then the frames of every
 * segment's mdat ({@link FlacInMp4}); AAC and MP3 in MPEG-TS become plain .aac (ADTS) and .mp3 files, the audio
 * payloads of each segment ({@link TsAudio}). The pieces are streamed one after another.
 */
@ApplicationScoped
public class Downloads {

    private static final System.Logger LOG = System.getLogger(Downloads.class.getName());

    /**
     * @param fileName  the name to save it under: the sanitised track id and the container's extension
     * @param rendition the rendition's name, part of the validator
     * @param parts     the files whose bytes, in this order, are the download
     */
    public record Download(String fileName, String mediaType, String rendition, long completedAtMillis, List<Path> parts,
                           Format format) {
    }

    /** How the parts make the file. */
    public enum Format {
        /** The parts end to end. */
        FILES,
        /** A native FLAC file from fragmented MP4 parts. */
        FLAC,
        /** The audio elementary stream of MPEG-TS parts. */
        TS_AUDIO
    }

    /**
     * A piece of the download: {@code length} bytes of a file from {@code offset}, bytes made here, or (with
     * {@code tsAudio}) the audio payloads of an MPEG-TS file, {@code length} bytes in all.
     */
    public record Piece(Path file, long offset, long length, byte[] bytes, boolean tsAudio) {
        static Piece of(Path file, long offset, long length) {
            return new Piece(file, offset, length, null, false);
        }

        static Piece of(byte[] bytes) {
            return new Piece(null, 0, bytes.length, bytes, false);
        }

        static Piece audioOf(Path file, long length) {
            return new Piece(file, 0, length, null, true);
        }
    }

    /** Segments' audio payload sizes by path and file size: reading a whole segment to count them is done once. */
    private final Map<String, Long> tsAudioSizes = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_CACHED_SIZES;
        }
    });
    private static final int MAX_CACHED_SIZES = 20_000;

    private static final int MAX_NAME = 100;
    /** Bytes read and written at a time: the file is never whole in memory. */
    private static final int CHUNK = 64 * 1024;
    /** Segments are read whole to take their audio out; none comes near this. */
    private static final int MAX_SEGMENT = 64 << 20;
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
        Format format = !fragmented ? Format.TS_AUDIO : codec == Codec.FLAC ? Format.FLAC : Format.FILES;
        String extension = switch (format) {
            case FLAC -> "flac";
            case TS_AUDIO -> codec == Codec.MP3 ? "mp3" : "aac";
            case FILES -> codec == Codec.AAC ? "m4a" : "mp4";
        };
        String mediaType = switch (format) {
            case FLAC -> "audio/flac";
            case TS_AUDIO -> codec == Codec.MP3 ? "audio/mpeg" : "audio/aac";
            case FILES -> Codec.Container.FRAGMENTED_MP4.mediaType;
        };
        return new Download(fileName(job.trackId()) + "." + extension, mediaType, rendition.name(),
                job.completedAt() == null ? 0 : job.completedAt().toEpochMilli(), List.copyOf(parts), format);
    }

    /**
     * The download's pieces, from the files on disk: outside any transaction, since a finished job's files never
     * change. For FLAC only box headers are read, besides the small init segment.
     */
    public List<Piece> pieces(Download download) {
        List<Piece> pieces = new ArrayList<>();
        try {
            List<Path> parts = download.parts();
            if (download.format() == Format.FILES) {
                for (Path part : parts) {
                    pieces.add(Piece.of(part, 0, regularFileSize(part)));
                }
                return pieces;
            }
            if (download.format() == Format.TS_AUDIO) {
                for (Path part : parts) {
                    String key = part + "/" + regularFileSize(part);
                    Long size = tsAudioSizes.get(key);
                    if (size == null) {
                        size = TsAudio.size(read(part));
                        tsAudioSizes.put(key, size);
                    }
                    pieces.add(Piece.audioOf(part, size));
                }
                return pieces;
            }
            regularFileSize(parts.get(0));
            pieces.add(Piece.of(FlacInMp4.header(read(parts.get(0)))));
            for (Path segment : parts.subList(1, parts.size())) {
                regularFileSize(segment);
                FlacInMp4.mdatPayloads(segment).forEach(slice -> pieces.add(Piece.of(segment, slice.offset(), slice.length())));
            }
            return pieces;
        } catch (NoSuchFileException e) {
            throw new PlaylistUnavailableException(Reason.NO_SUCH_FILE, "the job's files are incomplete: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size of a regular file; a symbolic link is never followed. */
    private static long regularFileSize(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isRegularFile()) {
                return attributes.size();
            }
        } catch (NoSuchFileException e) {
            // answered below as for any other missing part
        }
        throw new NoSuchFileException(file.getFileName() + " is missing");
    }

    /** A whole segment (an init segment is a few hundred bytes, a media segment some hundred kilobytes). */
    public static byte[] read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (channel.size() > MAX_SEGMENT) {
                throw new IOException(file.getFileName() + " is too large for a segment");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // FileChannel may return fewer bytes than asked for
            }
            return buffer.array();
        }
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

    /** Writes the bytes from {@code from} to {@code end} of an MPEG-TS segment's audio payloads. */
    private static void writeAudio(Piece piece, long from, long end, OutputStream out) throws IOException {
        byte[] ts = read(piece.file());
        long position = 0;
        for (TsAudio.Slice slice : TsAudio.payloads(ts)) {
            long sliceEnd = position + slice.length();
            if (sliceEnd > from && position < end) {
                int skip = (int) Math.max(0, from - position);
                int stop = (int) (Math.min(end, sliceEnd) - position);
                out.write(ts, slice.offset() + skip, stop - skip);
            }
            position = sliceEnd;
        }
        if (position != piece.length()) {
            // the response already promised the counted bytes
            throw new IOException(piece.file().getFileName() + " changed while it was being sent");
        }
    }

    /**
     * Writes the bytes as {@link #write} does, to a client: false, after one DEBUG line, when the client has gone
     * mid-way, as browsers and players do when a user cancels; that is no error of ours and would otherwise reach
     * the JAX-RS implementation, which logs it with a stack trace. A part that cannot be read still throws.
     */
    public static boolean send(String jobId, List<Piece> pieces, long first, long length, OutputStream out)
            throws IOException {
        return send(jobId, pieces, first, length, out, LOG);
    }

    /** With the logger to tell, for tests: the test classpath's LoggerFinder hides System.Logger from JUL handlers. */
    static boolean send(String jobId, List<Piece> pieces, long first, long length, OutputStream out, System.Logger log)
            throws IOException {
        ClientStream client = new ClientStream(out);
        try {
            write(pieces, first, length, client);
            // sent now, while a failure is still ours to read, rather than when the container closes the stream
            client.flush();
            return true;
        } catch (ClientGoneException e) {
            log.log(System.Logger.Level.DEBUG, () -> "job " + jobId + ": the client closed the connection during its download ("
                    + e.getCause().getMessage() + ")");
            return false;
        }
    }

    /** An IOException of the client's connection, told apart from one of reading the files. */
    private static final class ClientGoneException extends IOException {
        ClientGoneException(IOException cause) {
            super(cause);
        }
    }

    private static final class ClientStream extends OutputStream {
        private final OutputStream out;

        ClientStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw new ClientGoneException(e);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                throw new ClientGoneException(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw new ClientGoneException(e);
            }
        }
    }

    /** Writes {@code length} bytes from offset {@code first} of the pieces laid end to end. */
    public static void write(List<Piece> pieces, long first, long length, OutputStream out) throws IOException {
        long skip = first;
        long left = length;
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        for (Piece piece : pieces) {
            if (left == 0) {
                return;
            }
            if (skip >= piece.length()) {
                skip -= piece.length();
                continue;
            }
            long end = Math.min(piece.length(), skip + left);
            if (piece.bytes() != null) {
                out.write(piece.bytes(), (int) skip, (int) (end - skip));
            } else if (piece.tsAudio()) {
                writeAudio(piece, skip, end, out);
            } else {
                try (FileChannel channel = FileChannel.open(piece.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    for (long position = skip; position < end; ) {
                        buffer.clear().limit((int) Math.min(CHUNK, end - position));
                        int read = channel.read(buffer, piece.offset() + position);
                        if (read < 0) {
                            // shorter than when its size was read; the response already promised those bytes
                            throw new IOException(piece.file().getFileName() + " shrank while it was being sent");
                        }
                        out.write(buffer.array(), 0, read);
                        position += read;
                    }
                }
            }
            left -= end - skip;
            skip = 0;
        }
    }
}
