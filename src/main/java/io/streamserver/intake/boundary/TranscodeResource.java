package io.streamserver.intake.boundary;

import io.streamserver.intake.control.IdempotencyKey;
import io.streamserver.intake.control.IdempotentSubmissions;
import io.streamserver.intake.control.RequestFingerprint;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * POST /v1/stream/transcode: a multipart upload becomes a queued transcoding job. The body is taken raw and read as
 * it streams in, so that the file is written once, straight into the uploads. Any body type is taken, so that one
 * that is not multipart gets the API's 400 naming the file field (as the seed's contract says) rather than a 415.
 * With an Idempotency-Key, a repeat of the request gets the first one's answer, marked Idempotent-Replayed.
 */
@Path("transcode")
public class TranscodeResource {

    static final String REPLAYED = "Idempotent-Replayed";
    /** With authentication off every caller is this one client, as far as idempotency keys go. */
    static final String ANONYMOUS = "anonymous";

    @Inject
    Submissions submissions;

    @Inject
    IdempotentSubmissions idempotent;

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
    public Response submit(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                           @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey, InputStream body) {
        Optional<IdempotencyKey> key = IdempotencyKey.parse(idempotencyKey);
        TranscodeForm form = TranscodeForm.read(uploads.form(contentType, contentLength, body), uploads,
                key.isPresent() ? new RequestFingerprint() : null);
        if (form.callbackUrl() != null) {
            try {
                outbound.checked(form.callbackUrl());
            } catch (OutboundUrls.RefusedUrlException e) {
                uploads.delete(form.upload());
                throw new InvalidParameterException("callback_url", e.getMessage());
            }
        }
        String owner = callers.of(security).subject();
        if (key.isEmpty()) {
            return Response.ok(SubmissionView.of(submit(form, owner, job -> {
            }))).build();
        }
        IdempotentSubmissions.Answer answer = idempotent.submit(owner == null ? ANONYMOUS : "subject:" + owner, key.get(),
                form.fingerprint(), form.upload(), record -> submit(form, owner, record), job -> SubmissionView.of(job).json());
        Response.ResponseBuilder response = Response.status(answer.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(answer.body());
        return (answer.replayed() ? response.header(REPLAYED, "true") : response).build();
    }

    private TranscodeJob submit(TranscodeForm form, String owner, Consumer<TranscodeJob> alsoRecord) {
        return submissions.submit(form.upload(), form.trackId(), form.settings(), form.ladder(), form.loudnessTarget(),
                form.priority(), owner, form.callbackUrl(), alsoRecord);
    }
}
