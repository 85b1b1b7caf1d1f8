package io.streamserver.playback.boundary;

import io.streamserver.platform.boundary.ErrorBody;
import io.streamserver.playback.control.ByteRange;
import io.streamserver.playback.control.Downloads;
import io.streamserver.playback.control.PlaylistUnavailableException;
import io.streamserver.playback.control.TsAudio;
import io.streamserver.security.control.Callers;
import io.streamserver.security.control.PlaybackTokens;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * GET /v1/stream/job/{id}/download: a Completed job's rendition as one file, streamed from its segment files with
 * Range, HEAD and ETag support; no process and no copy per request. The security component admits it with a bearer
 * token of the job's owner or with the job's playback token, as segments are.
 */
@Path("job/{id}/download")
@RequestScoped
public class DownloadResource {

    /** Bytes read and written at a time: the file is never whole in memory. */
    private static final int CHUNK = 64 * 1024;

    @Inject
    Downloads downloads;

    @Inject
    PlaybackTokens tokens;

    @Inject
    Callers callers;

    @GET
    public Response download(@PathParam("id") String id, @QueryParam("rendition") String rendition,
                             @QueryParam(PlaybackTokens.PARAMETER) String token, @HeaderParam("Range") String range,
                             @HeaderParam("If-Range") String ifRange, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return answer(id, rendition, token, range, ifRange, ifNoneMatch, true);
    }

    @HEAD
    public Response head(@PathParam("id") String id, @QueryParam("rendition") String rendition,
                         @QueryParam(PlaybackTokens.PARAMETER) String token, @HeaderParam("Range") String range,
                         @HeaderParam("If-Range") String ifRange, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return answer(id, rendition, token, range, ifRange, ifNoneMatch, false);
    }

    private Response answer(String id, String rendition, String token, String rangeHeader, String ifRange,
                            String ifNoneMatch, boolean withBody) {
        Downloads.Download download;
        try {
            download = downloads.of(id, rendition);
        } catch (PlaylistUnavailableException e) {
            return ErrorBody.response(HlsServlet.status(e), e.getMessage());
        }
        List<Downloads.Piece> pieces;
        try {
            pieces = downloads.pieces(download);
        } catch (PlaylistUnavailableException e) {
            return ErrorBody.response(HlsServlet.status(e), e.getMessage());
        }
        long size = pieces.stream().mapToLong(Downloads.Piece::length).sum();
        String etag = "\"" + download.rendition() + "-" + Long.toHexString(size) + "-"
                + HexFormat.of().toHexDigits(download.completedAtMillis()) + "\"";
        Response.ResponseBuilder response;
        Optional<ByteRange> range;
        try {
            range = ifRange == null || ifRange.equals(etag) ? ByteRange.parse(rangeHeader, size) : Optional.empty();
        } catch (ByteRange.UnsatisfiableException e) {
            return Response.fromResponse(ErrorBody.response(416, "the range is beyond the file's " + size + " bytes"))
                    .header("Content-Range", "bytes */" + size).build();
        }
        if (etag.equals(ifNoneMatch)) {
            response = Response.notModified();
        } else if (range.isPresent()) {
            response = Response.status(206).header("Content-Range", range.get().contentRange(size));
        } else {
            response = Response.ok();
        }
        long first = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        response.header("ETag", etag)
                .header("Accept-Ranges", "bytes")
                .header("Cache-Control", cacheControl(id, token))
                .header("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"")
                .type(download.mediaType());
        if (etag.equals(ifNoneMatch)) {
            return response.build();
        }
        response.header("Content-Length", length);
        return withBody ? response.entity((StreamingOutput) out -> send(pieces, first, length, out)).build() : response.build();
    }

    /**
     * Behind the job's playback token, as segments: public and kept until the token expires. With a bearer token the
     * answer is the caller's own, which no shared cache may keep.
     */
    private String cacheControl(String id, String token) {
        if (token != null && tokens.valid(id, token)) {
            return HlsServlet.immutable(token, System.currentTimeMillis() / 1000);
        }
        return callers.enabled() ? "private, max-age=" + HlsServlet.IMMUTABLE_SECONDS
                : HlsServlet.immutable(null, System.currentTimeMillis() / 1000);
    }

    /** Writes the bytes from {@code from} to {@code end} of an MPEG-TS segment's audio payloads. */
    private static void sendAudio(Downloads.Piece piece, long from, long end, OutputStream out) throws IOException {
        byte[] ts = Downloads.read(piece.file());
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

    /** Writes {@code length} bytes from offset {@code first} of the pieces laid end to end. */
    static void send(List<Downloads.Piece> pieces, long first, long length, OutputStream out) throws IOException {
        long skip = first;
        long left = length;
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        for (Downloads.Piece piece : pieces) {
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
                sendAudio(piece, skip, end, out);
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
