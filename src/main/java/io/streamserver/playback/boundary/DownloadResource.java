package io.streamserver.playback.boundary;

import io.streamserver.platform.boundary.ErrorBody;
import io.streamserver.playback.control.ByteRange;
import io.streamserver.playback.control.Downloads;
import io.streamserver.playback.control.PlaylistUnavailableException;
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

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * GET /v1/stream/job/{id}/download: a Completed job's rendition as one file, streamed from its segment files (in the
 * job's folder or the bucket) with Range, HEAD and ETag support; no process and no copy per request. A bucket that
 * does not answer is a 503 (StorageUnavailableMapper). The security component admits it with a bearer
 * token of the job's owner or with the job's playback token, as segments are.
 */
@Path("job/{id}/download")
@RequestScoped
public class DownloadResource {

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
        List<Downloads.Piece> pieces;
        try {
            download = downloads.of(id, rendition);
            // the files are read after of()'s transaction: a finished job's files never change
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
        return withBody ? response.entity((StreamingOutput) out -> Downloads.send(id, download.source(), pieces, first, length, out)).build() : response.build();
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
}
