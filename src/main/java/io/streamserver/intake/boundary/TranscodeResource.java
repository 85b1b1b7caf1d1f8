package io.streamserver.intake.boundary;

import io.streamserver.intake.control.Submissions;
import io.streamserver.intake.control.Uploads;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.entity.InvalidParameterException;
import io.streamserver.platform.control.OutboundUrls;
import io.streamserver.security.control.Callers;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.io.InputStream;

/**
 * POST /v1/stream/transcode: a multipart upload becomes a queued transcoding job. The body is taken raw and read as
 * it streams in, so that the file is written once, straight into the uploads. Any body type is taken, so that one
 * that is not multipart gets the API's 400 naming the file field (as the seed's contract says) rather than a 415.
 */
@Path("transcode")
public class TranscodeResource {

    @Inject
    Submissions submissions;

    @Inject
    Uploads uploads;

    @Inject
    Callers callers;

    @Inject
    OutboundUrls outbound;

    @Context
    SecurityContext security;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public SubmissionView submit(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                 @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength, InputStream body) {
        TranscodeForm form = TranscodeForm.read(uploads.form(contentType, contentLength, body), uploads);
        if (form.callbackUrl() != null) {
            try {
                outbound.checked(form.callbackUrl());
            } catch (OutboundUrls.RefusedUrlException e) {
                uploads.delete(form.upload());
                throw new InvalidParameterException("callback_url", e.getMessage());
            }
        }
        TranscodeJob job = submissions.submit(form.upload(), form.trackId(), form.settings(), form.ladder(),
                form.loudnessTarget(), form.priority(), callers.of(security).subject(), form.callbackUrl());
        return SubmissionView.of(job);
    }
}
