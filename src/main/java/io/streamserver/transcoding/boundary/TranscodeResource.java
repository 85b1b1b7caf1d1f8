package io.streamserver.transcoding.boundary;

import io.streamserver.security.control.Callers;
import io.streamserver.transcoding.control.Submissions;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.util.List;

/** POST /v1/stream/transcode: a multipart upload becomes a queued transcoding job. */
@Path("transcode")
public class TranscodeResource {

    @Inject
    Submissions submissions;

    @Inject
    Callers callers;

    @Context
    SecurityContext security;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public SubmissionView submit(List<EntityPart> parts) {
        TranscodeForm form = TranscodeForm.of(parts);
        TranscodeJob job = submissions.submit(form.file(), form.trackId(), form.settings(), form.ladder(),
                form.loudnessTarget(), form.priority(), callers.of(security).subject());
        return SubmissionView.of(job);
    }
}
