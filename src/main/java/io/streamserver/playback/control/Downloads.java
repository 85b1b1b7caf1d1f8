package io.streamserver.playback.control;

import io.streamserver.jobs.control.JobFiles;
import io.streamserver.jobs.control.Jobs;
import io.streamserver.jobs.entity.JobStatus;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.entity.Codec;
import io.streamserver.media.entity.Rendition;
import io.streamserver.playback.control.PlaylistUnavailableException.Reason;
import io.streamserver.storage.control.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
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
 * payloads of each segment ({@link TsAudio}). The pieces are streamed one after another, from the job's folder or
 * from the bucket ({@link DownloadSource}).
 */
@ApplicationScoped
public class Downloads {

    private static final System.Logger LOG = System.getLogger(Downloads.class.getName());

    /**
     * @param fileName  the name to save it under: the sanitised track id and the container's extension
     * @param rendition the rendition's name, part of the validator
     * @param source    where the parts are read
     * @param parts     the names of the job's files whose bytes, in this order, are the download
     */
    public record Download(String fileName, String mediaType, String rendition, long completedAtMillis,
                           DownloadSource source, List<String> parts, Format format) {
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
    public record Piece(String file, long offset, long length, byte[] bytes, boolean tsAudio) {
        static Piece of(String file, long offset, long length) {
            return new Piece(file, offset, length, null, false);
        }

        static Piece of(byte[] bytes) {
            return new Piece(null, 0, bytes.length, bytes, false);
        }

        static Piece audioOf(String file, long length) {
            return new Piece(file, 0, length, null, true);
        }
    }

    /** Segments' audio payload sizes by file and size: reading a whole segment to count them is done once. */
    private final Map<String, Long> tsAudioSizes = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_CACHED_SIZES;
        }
    });
    private static final int MAX_CACHED_SIZES = 20_000;

    /** Bucket segments' mdat payloads by object and size, for FLAC: finding them costs a GET per segment. */
    private final Map<String, List<FlacInMp4.Slice>> bucketMdats = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<FlacInMp4.Slice>> eldest) {
                    return size() > MAX_CACHED_SIZES;
                }
            });

    private static final int MAX_NAME = 100;
    /** Bytes read and written at a time: the file is never whole in memory. */
    private static final int CHUNK = 64 * 1024;
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

    @Inject
    Storage storage;

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
        DownloadSource source = storage.inBucket() ? new DownloadSource.Bucket(storage, job.id(), bucketMdats)
                : new DownloadSource.Folder(files.jobFolder(job.id()));
        List<String> parts = new ArrayList<>();
        boolean fragmented = Manifests.fragmented(rendition);
        if (fragmented) {
            parts.add(rendition.initSegment());
        }
        job.segments(rendition.name()).forEach(segment -> parts.add(segment.fileName()));
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
                job.completedAt() == null ? 0 : job.completedAt().toEpochMilli(), source, List.copyOf(parts), format);
    }

    /**
     * The download's pieces, from the job's files: outside any transaction, since a finished job's files never
     * change. For FLAC in the folder only box headers are read, besides the small init segment.
     */
    public List<Piece> pieces(Download download) {
        List<Piece> pieces = new ArrayList<>();
        DownloadSource source = download.source();
        try {
            List<String> parts = download.parts();
            if (download.format() == Format.FILES) {
                for (String part : parts) {
                    pieces.add(Piece.of(part, 0, source.size(part)));
                }
                return pieces;
            }
            if (download.format() == Format.TS_AUDIO) {
                for (String part : parts) {
                    String key = source.cacheKey(part, source.size(part));
                    Long size = tsAudioSizes.get(key);
                    if (size == null) {
                        size = TsAudio.size(source.read(part));
                        tsAudioSizes.put(key, size);
                    }
                    pieces.add(Piece.audioOf(part, size));
                }
                return pieces;
            }
            source.size(parts.get(0));
            pieces.add(Piece.of(FlacInMp4.header(source.read(parts.get(0)))));
            for (String segment : parts.subList(1, parts.size())) {
                source.size(segment);
                source.mdatPayloads(segment).forEach(slice -> pieces.add(Piece.of(segment, slice.offset(), slice.length())));
            }
            return pieces;
        } catch (NoSuchFileException e) {
            throw new PlaylistUnavailableException(Reason.NO_SUCH_FILE, "the job's files are incomplete: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
    private static void writeAudio(DownloadSource source, Piece piece, long from, long end, OutputStream out) throws IOException {
        byte[] ts = source.read(piece.file());
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
            throw new IOException(piece.file() + " changed while it was being sent");
        }
    }

    /**
     * Writes the bytes as {@link #write} does, to a client: false, after one DEBUG line, when the client has gone
     * mid-way, as browsers and players do when a user cancels; that is no error of ours and would otherwise reach
     * the JAX-RS implementation, which logs it with a stack trace. A part that cannot be read still throws.
     */
    public static boolean send(String jobId, DownloadSource source, List<Piece> pieces, long first, long length,
                               OutputStream out)
            throws IOException {
        return send(jobId, source, pieces, first, length, out, LOG);
    }

    /** With the logger to tell, for tests: the test classpath's LoggerFinder hides System.Logger from JUL handlers. */
    static boolean send(String jobId, DownloadSource source, List<Piece> pieces, long first, long length, OutputStream out,
                        System.Logger log)
            throws IOException {
        ClientStream client = new ClientStream(out);
        try {
            write(source, pieces, first, length, client);
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

    /** Writes {@code length} bytes from offset {@code first} of the pieces, read from the source, laid end to end. */
    public static void write(DownloadSource source, List<Piece> pieces, long first, long length, OutputStream out)
            throws IOException {
        long skip = first;
        long left = length;
        byte[] buffer = new byte[CHUNK];
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
                writeAudio(source, piece, skip, end, out);
            } else {
                source.copy(piece.file(), piece.offset() + skip, end - skip, out, buffer);
            }
            left -= end - skip;
            skip = 0;
        }
    }
}
