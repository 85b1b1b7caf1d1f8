package io.streamserver.playback.boundary;

import io.streamserver.jobs.control.JobFiles;
import io.streamserver.media.entity.Codec;
import io.streamserver.media.entity.Rendition;
import io.streamserver.platform.boundary.ErrorBody;
import io.streamserver.platform.control.Uuids;
import io.streamserver.playback.control.ByteRange;
import io.streamserver.playback.control.Manifests;
import io.streamserver.playback.control.PlaylistUnavailableException;
import io.streamserver.playback.control.PresignedSegments;
import io.streamserver.playback.control.SegmentCache;
import io.streamserver.security.control.PlaybackTokens;
import io.streamserver.storage.control.Storage;
import io.streamserver.storage.control.StorageUnavailableException;
import io.streamserver.storage.control.StoredObject;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Serves /v1/stream/hls/{job_id}/index.m3u8 (?progressive=true: a growing EVENT playlist while the job runs),
 * manifest.mpd (DASH, over the same fragmented MP4 files) and the job's segments. Segments are immutable files, streamed
 * with Range, HEAD and ETag support; only names the server itself produces are ever resolved to a path.
 */
@WebServlet(urlPatterns = "/v1/stream/hls/*")
public class HlsServlet extends HttpServlet {

    static final String MANIFEST = "index.m3u8";
    /** The DASH manifest over the same fragmented MP4 files. */
    static final String DASH_MANIFEST = "manifest.mpd";
    /** The files the encoder produces: a job's own ({@code segment_00001.ts}) or a ladder rendition's ({@code aac_high_00001.ts}). */
    static final Pattern SEGMENT_NAME = Pattern.compile("(" + Rendition.SINGLE + "|" + Rendition.LADDER_NAMES + ")_\\d{5}\\.("
            + Arrays.stream(Codec.Container.values()).map(container -> container.segmentExtension).collect(Collectors.joining("|"))
            + ")|init\\.mp4|" + Rendition.LADDER_NAMES + "_init\\.mp4");
    /** A ladder rendition's media playlist ({@code high.m3u8}). */
    static final Pattern RENDITION_PLAYLIST = Pattern.compile(Rendition.LADDER_NAMES + "\\.m3u8");
    /** Files too big for the cache are read and sent in pieces of this size. */
    private static final int CHUNK = 1 << 20;
    /** How long a cache may keep a finished job's files: they never change, so a year, the most RFC 9111 advises. */
    static final long IMMUTABLE_SECONDS = 31_536_000;
    private static final System.Logger LOG = System.getLogger(HlsServlet.class.getName());

    @Inject
    Manifests manifests;

    @Inject
    JobFiles files;

    @Inject
    SegmentCache cache;

    @Inject
    Storage storage;

    @Inject
    PresignedSegments presigned;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, true);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean withBody) throws IOException {
        String[] path = request.getPathInfo() == null ? new String[0] : request.getPathInfo().split("/", -1);
        if (path.length != 3 || !path[0].isEmpty() || !Uuids.isUuid(path[1])) {
            error(response, 404, "no job with that id");
            return;
        }
        String jobId = Uuids.canonical(path[1]);
        if (MANIFEST.equals(path[2])) {
            serveManifest(jobId, null, "true".equalsIgnoreCase(request.getParameter("progressive")), request, response, withBody);
        } else if (DASH_MANIFEST.equals(path[2])) {
            serveDashManifest(jobId, request, response, withBody);
        } else if (RENDITION_PLAYLIST.matcher(path[2]).matches()) {
            serveManifest(jobId, path[2], false, request, response, withBody);
        } else if (SEGMENT_NAME.matcher(path[2]).matches() && storage.inBucket()) {
            serveStoredSegment(jobId, path[2], request, response, withBody);
        } else if (SEGMENT_NAME.matcher(path[2]).matches()) {
            serveSegment(jobId, files.jobFolder(jobId).resolve(path[2]), request, response, withBody);
        } else {
            error(response, 404, "no such segment");
        }
    }

    /** index.m3u8 when {@code renditionPlaylist} is null, else a ladder rendition's playlist. */
    private void serveManifest(String jobId, String renditionPlaylist, boolean progressive, HttpServletRequest request,
                               HttpServletResponse response, boolean withBody) throws IOException {
        Manifests.Playlist playlist;
        try {
            Optional<Manifests.Playlist> found = renditionPlaylist == null
                    ? Optional.of(manifests.manifest(jobId, progressive))
                    : manifests.renditionPlaylist(jobId, renditionPlaylist);
            if (found.isEmpty()) {
                error(response, 404, "no such playlist");
                return;
            }
            playlist = found.get();
        } catch (PlaylistUnavailableException e) {
            error(response, status(e), e.getMessage());
            return;
        }
        String manifest = playlist.text();
        String checked = request.getAttribute(PlaybackTokens.CHECKED) instanceof String token ? token : null;
        if (presigned.active()) {
            // absolute URLs, which the token is not added to
            manifest = presigned.rewrite(jobId, manifest, checked == null ? null : PlaybackTokens.expiresAt(checked),
                    System.currentTimeMillis() / 1000);
        }
        // every URI in the playlist carries the checked token on, so that players without headers can follow them
        if (checked != null) {
            manifest = PlaybackTokens.propagate(manifest, checked);
        }
        // presigned URLs without a token expire after the URL TTL, so such a playlist is not kept either
        boolean immutable = playlist.complete() && (checked != null || !presigned.active());
        sendManifest(immutable, manifest, "application/vnd.apple.mpegurl", request, response, withBody);
    }

    /** manifest.mpd: a Completed job's fragmented MP4 renditions, for DASH players. */
    private void serveDashManifest(String jobId, HttpServletRequest request, HttpServletResponse response,
                                   boolean withBody) throws IOException {
        Manifests.Playlist manifest;
        try {
            // its segment URLs carry the checked token on, as a playlist's do
            manifest = manifests.dash(jobId, request.getAttribute(PlaybackTokens.CHECKED) instanceof String token
                    ? PlaybackTokens.PARAMETER + "=" + token : null);
        } catch (PlaylistUnavailableException e) {
            error(response, status(e), e.getMessage());
            return;
        }
        sendManifest(manifest.complete(), manifest.text(), "application/dash+xml", request, response, withBody);
    }

    private static void sendManifest(boolean immutable, String manifest, String mediaType, HttpServletRequest request,
                                     HttpServletResponse response, boolean withBody) throws IOException {
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        response.setContentType(mediaType);
        // a running job's progressive playlist grows: players and caches ask again every time
        response.setHeader("Cache-Control", immutable ? immutable(request) : "no-cache");
        // HLS authoring spec 10.1: playlists gzipped for a client that takes it; segments are compressed already
        // one Vary header with the CORS filter's Origin: nginx before 1.23 reads only one of several
        String vary = response.getHeader("Vary");
        response.setHeader("Vary", vary == null ? "Accept-Encoding" : vary + ", Accept-Encoding");
        if (Compression.acceptsGzip(request.getHeaders("Accept-Encoding"))) {
            bytes = Compression.gzip(bytes);
            response.setHeader("Content-Encoding", "gzip");
        }
        response.setContentLength(bytes.length);
        if (withBody) {
            response.getOutputStream().write(bytes);
        }
    }

    private void serveSegment(String jobId, Path file, HttpServletRequest request, HttpServletResponse response,
                              boolean withBody) throws IOException {
        Optional<BasicFileAttributes> attributes = regularFile(file);
        if (attributes.isEmpty()) {
            PlaylistUnavailableException missing = manifests.missingSegment(jobId);
            error(response, status(missing), missing.getMessage());
            return;
        }
        long size = attributes.get().size();
        long modified = attributes.get().lastModifiedTime().toMillis();
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified) + "\"";
        long[] part = segmentHeaders(file.getFileName().toString(), size, etag, modified, request, response);
        if (part != null && withBody) {
            send(jobId, file, size, modified, part[0], part[1], response);
        }
    }

    /**
     * A segment from the bucket (STREAM_STORAGE=s3): its size and ETag from the bucket, then the bytes asked for,
     * streamed from the bucket's answer, never held whole. A bucket that is down is a 503.
     */
    private void serveStoredSegment(String jobId, String name, HttpServletRequest request, HttpServletResponse response,
                                    boolean withBody) throws IOException {
        String key = Storage.jobKey(jobId, name);
        try {
            Optional<StoredObject> object = storage.head(key);
            if (object.isEmpty()) {
                PlaylistUnavailableException missing = manifests.missingSegment(jobId);
                error(response, status(missing), missing.getMessage());
                return;
            }
            long size = object.get().size();
            String etag = object.get().etag().startsWith("\"") ? object.get().etag() : "\"" + object.get().etag() + "\"";
            long[] part = segmentHeaders(name, size, etag, object.get().modifiedMillis(), request, response);
            if (part == null || !withBody || part[1] == 0) {
                return;
            }
            try (InputStream in = storage.read(key, part[0], part[1])) {
                OutputStream out = response.getOutputStream();
                byte[] buffer = new byte[64 * 1024];
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    if (!sent(jobId, Path.of(name), out, buffer, 0, read)) {
                        return;
                    }
                }
            }
        } catch (StorageUnavailableException e) {
            LOG.log(Level.WARNING, "job {0}: cannot serve {1}: {2}", jobId, name, e.getMessage());
            if (!response.isCommitted()) {
                response.reset();
                error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the object storage is unavailable; try again later");
            }
        }
    }

    /**
     * Sets a segment's headers and status, and answers a conditional or unsatisfiable request itself.
     * @return the first byte and the length to send, or null when the answer is complete
     */
    private static long[] segmentHeaders(String fileName, long size, String etag, long modified, HttpServletRequest request,
                                         HttpServletResponse response) throws IOException {
        response.setHeader("ETag", etag);
        response.setDateHeader("Last-Modified", modified);
        response.setHeader("Cache-Control", immutable(request));
        response.setHeader("Accept-Ranges", "bytes");
        response.setContentType(mediaType(fileName));
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return null;
        }
        String ifRange = request.getHeader("If-Range");
        Optional<ByteRange> range;
        try {
            range = ifRange == null || ifRange.equals(etag) ? ByteRange.parse(request.getHeader("Range"), size) : Optional.empty();
        } catch (ByteRange.UnsatisfiableException e) {
            response.setHeader("Content-Range", "bytes */" + size);
            error(response, 416, "the range is beyond the segment's " + size + " bytes");
            return null;
        }
        long first = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        if (range.isPresent()) {
            response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            response.setHeader("Content-Range", range.get().contentRange(size));
        }
        response.setContentLengthLong(length);
        return new long[] {first, length};
    }

    /**
     * For a finished job's files, which never change. Behind a signed URL a shared cache keys the answer by the whole
     * URL, token included, and must not serve it after the token expires, when the server itself would refuse it.
     */
    private static String immutable(HttpServletRequest request) {
        return immutable(request.getAttribute(PlaybackTokens.CHECKED) instanceof String token ? token : null,
                System.currentTimeMillis() / 1000);
    }

    /** @param checkedToken the signed URL's token that the playback filter accepted, or null without one */
    static String immutable(String checkedToken, long nowSeconds) {
        long seconds = checkedToken == null ? IMMUTABLE_SECONDS
                : Math.max(0, Math.min(IMMUTABLE_SECONDS, PlaybackTokens.expiresAt(checkedToken) - nowSeconds));
        return "public, max-age=" + seconds + ", immutable";
    }

    /** The file's attributes if it is a regular file; a symbolic link is never followed. */
    private static Optional<BasicFileAttributes> regularFile(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() ? Optional.of(attributes) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Sends the file's bytes from the cache, or reads them (whole when the cache takes them) and sends them in one
     * write, so that the container passes them to the socket at once instead of in small chunks.
     */
    private void send(String jobId, Path file, long size, long modifiedMillis, long first, long length,
                      HttpServletResponse response) throws IOException {
        byte[] bytes = null;
        if (cache.admits(size)) {
            bytes = cache.get(file, size, modifiedMillis);
            if (bytes == null) {
                bytes = read(file, 0, size);
                if (bytes.length != size) {
                    // rewritten since its attributes were read; the response already promised size bytes
                    throw new IOException("segment " + file.getFileName() + " changed while it was being served");
                }
                cache.put(file, modifiedMillis, bytes);
            }
        }
        OutputStream out = response.getOutputStream();
        if (bytes != null) {
            sent(jobId, file, out, bytes, (int) first, (int) length);
            return;
        }
        for (long position = first, end = first + length; position < end; position += CHUNK) {
            byte[] chunk = read(file, position, Math.min(CHUNK, end - position));
            if (!sent(jobId, file, out, chunk, 0, chunk.length) || chunk.length < Math.min(CHUNK, end - position)) {
                return;
            }
        }
    }

    /** False when the client has gone: players abort requests when they seek or switch, which needs no error page. */
    private static boolean sent(String jobId, Path file, OutputStream out, byte[] bytes, int offset, int length) {
        try {
            out.write(bytes, offset, length);
            return true;
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "job " + jobId + ": the client closed the connection during " + file.getFileName()
                    + " (" + e.getMessage() + ")");
            return false;
        }
    }

    /** Up to {@code length} bytes from {@code position}; fewer only if the file is shorter. Symbolic links are not followed. */
    private static byte[] read(Path file, long position, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) length);
            while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
                // FileChannel may return fewer bytes than asked for
            }
            return buffer.position() == length ? buffer.array() : Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    /** MPEG-TS segments are video/mp2t; fMP4 init and media segments are audio/mp4 (the job has no video). */
    static String mediaType(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".ts") ? Codec.Container.MPEG_TS.mediaType : Codec.Container.FRAGMENTED_MP4.mediaType;
    }

    static int status(PlaylistUnavailableException unavailable) {
        return switch (unavailable.reason()) {
            case NO_SUCH_JOB, NO_SUCH_FILE -> HttpServletResponse.SC_NOT_FOUND;
            case NOT_READY -> HttpServletResponse.SC_BAD_REQUEST;
            case NOT_FINISHED -> HttpServletResponse.SC_CONFLICT;
            case EXPIRED -> HttpServletResponse.SC_GONE;
        };
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        byte[] body = ErrorBody.of(status, message).json().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
