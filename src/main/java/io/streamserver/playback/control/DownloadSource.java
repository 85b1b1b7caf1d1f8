package io.streamserver.playback.control;

import io.streamserver.storage.control.Storage;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.List;
import java.util.Map;

/**
 * Where a download reads a finished job's files, by their names within the job: the job's folder (STREAM_STORAGE
 * local) or the bucket (s3). A missing file is a {@link NoSuchFileException}; a bucket that does not answer is the
 * storage component's StorageUnavailableException, a 503.
 */
public sealed interface DownloadSource {

    /** Segments are read whole to take their audio out; none comes near this. */
    int MAX_SEGMENT = 64 << 20;

    /** The file's size. */
    long size(String name) throws IOException;

    /** A whole segment (an init segment is a few hundred bytes, a media segment some hundred kilobytes). */
    byte[] read(String name) throws IOException;

    /** Where a fragmented MP4 segment's mdat payloads are. */
    List<FlacInMp4.Slice> mdatPayloads(String name) throws IOException;

    /** Writes {@code length} bytes of the file from {@code offset}, through the buffer. */
    void copy(String name, long offset, long length, OutputStream out, byte[] buffer) throws IOException;

    /** What names a file of a given size in a cache of facts about its content. */
    String cacheKey(String name, long size);

    /** The job's folder: sizes from the file system, bytes through FileChannel, symbolic links never followed. */
    record Folder(Path folder) implements DownloadSource {

        @Override
        public long size(String name) throws IOException {
            try {
                BasicFileAttributes attributes = Files.readAttributes(folder.resolve(name), BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attributes.isRegularFile()) {
                    return attributes.size();
                }
            } catch (NoSuchFileException e) {
                // answered below as for any other missing part
            }
            throw new NoSuchFileException(name + " is missing");
        }

        @Override
        public byte[] read(String name) throws IOException {
            try (FileChannel channel = FileChannel.open(folder.resolve(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                if (channel.size() > MAX_SEGMENT) {
                    throw new IOException(name + " is too large for a segment");
                }
                ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
                while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                    // FileChannel may return fewer bytes than asked for
                }
                return buffer.array();
            }
        }

        @Override
        public List<FlacInMp4.Slice> mdatPayloads(String name) throws IOException {
            // only the box headers are read
            return FlacInMp4.mdatPayloads(folder.resolve(name));
        }

        @Override
        public void copy(String name, long offset, long length, OutputStream out, byte[] buffer) throws IOException {
            ByteBuffer chunk = ByteBuffer.wrap(buffer);
            try (FileChannel channel = FileChannel.open(folder.resolve(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                for (long position = 0; position < length; ) {
                    chunk.clear().limit((int) Math.min(buffer.length, length - position));
                    int read = channel.read(chunk, offset + position);
                    if (read < 0) {
                        // shorter than when its size was read; the response already promised those bytes
                        throw new IOException(name + " shrank while it was being sent");
                    }
                    out.write(buffer, 0, read);
                    position += read;
                }
            }
        }

        @Override
        public String cacheKey(String name, long size) {
            return folder.resolve(name) + "/" + size;
        }
    }

    /**
     * The job's objects in the bucket. Their sizes come from one listing, made on the first call; a segment is read
     * whole with one GET, a run of bytes with one ranged GET. A FLAC segment's box headers are read
     * {@value #HEADERS} bytes at a time, so that one GET usually holds styp, moof and mdat's header; what they
     * say is kept in the shared cache, since every Range request of a download needs it again.
     */
    final class Bucket implements DownloadSource {

        /** Bytes read at once for box headers: a segment's moof is a few kilobytes. */
        static final int HEADERS = 16 * 1024;

        private final Storage storage;
        private final String jobId;
        private final Map<String, List<FlacInMp4.Slice>> mdatCache;
        private Map<String, Long> sizes;

        /** @param mdatCache mdat payloads by {@link #cacheKey}, shared by requests */
        public Bucket(Storage storage, String jobId, Map<String, List<FlacInMp4.Slice>> mdatCache) {
            this.storage = storage;
            this.jobId = jobId;
            this.mdatCache = mdatCache;
        }

        @Override
        public synchronized long size(String name) throws IOException {
            if (sizes == null) {
                sizes = storage.jobFileSizes(jobId);
            }
            Long size = sizes.get(name);
            if (size == null) {
                throw new NoSuchFileException(name + " is missing");
            }
            return size;
        }

        @Override
        public byte[] read(String name) throws IOException {
            long size = size(name);
            if (size > MAX_SEGMENT) {
                throw new IOException(name + " is too large for a segment");
            }
            try (InputStream in = open(name, 0, size)) {
                byte[] bytes = in.readNBytes((int) size);
                if (bytes.length != size || in.read() >= 0) {
                    throw new IOException(name + " changed while it was being read");
                }
                return bytes;
            }
        }

        @Override
        public List<FlacInMp4.Slice> mdatPayloads(String name) throws IOException {
            long size = size(name);
            String key = cacheKey(name, size);
            List<FlacInMp4.Slice> payloads = mdatCache.get(key);
            if (payloads == null) {
                payloads = List.copyOf(FlacInMp4.mdatPayloads(name, size, new Window(name, size)));
                mdatCache.put(key, payloads);
            }
            return payloads;
        }

        /** The object read {@link #HEADERS} bytes at a time from where it is asked, the last read kept. */
        private final class Window implements FlacInMp4.Positional {
            private final String name;
            private final long size;
            private byte[] bytes = new byte[0];
            private long start;

            Window(String name, long size) {
                this.name = name;
                this.size = size;
            }

            @Override
            public int read(ByteBuffer buffer, long position) throws IOException {
                if (position >= size) {
                    return -1;
                }
                if (position < start || position >= start + bytes.length) {
                    int length = (int) Math.min(HEADERS, size - position);
                    try (InputStream in = open(name, position, length)) {
                        bytes = in.readNBytes(length);
                    }
                    if (bytes.length != length) {
                        throw new IOException(name + " shrank while it was being read");
                    }
                    start = position;
                }
                int offset = (int) (position - start);
                int length = Math.min(buffer.remaining(), bytes.length - offset);
                buffer.put(bytes, offset, length);
                return length;
            }
        }

        @Override
        public void copy(String name, long offset, long length, OutputStream out, byte[] buffer) throws IOException {
            try (InputStream in = open(name, offset, length)) {
                long left = length;
                while (left > 0) {
                    int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (read < 0) {
                        // the response already promised those bytes
                        throw new IOException(name + " shrank while it was being sent");
                    }
                    out.write(buffer, 0, read);
                    left -= read;
                }
            }
        }

        @Override
        public String cacheKey(String name, long size) {
            return "bucket:" + Storage.jobKey(jobId, name) + "/" + size;
        }

        private InputStream open(String name, long first, long length) throws IOException {
            try {
                return storage.read(Storage.jobKey(jobId, name), first, length);
            } catch (UncheckedIOException e) {
                // the object went between the listing and the read
                throw e.getCause();
            }
        }
    }
}
