package io.streamserver.playback.control;

/** Why a job's playlist or segment cannot be served; the servlet turns the reason into its HTTP status. */
public class PlaylistUnavailableException extends RuntimeException {

    public enum Reason {
        /** No such job, or a failed or cancelled one that never got an output. */
        NO_SUCH_JOB,
        /** The job exists, but the file asked for does not. */
        NO_SUCH_FILE,
        /** The job has not completed, and no growing playlist was asked for. */
        NOT_READY,
        /** The job has not completed, and the file is made only from a finished job (the DASH manifest, the download). */
        NOT_FINISHED,
        /** The retention period deleted the job's output. */
        EXPIRED
    }

    private final Reason reason;

    public PlaylistUnavailableException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
