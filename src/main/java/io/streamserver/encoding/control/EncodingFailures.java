package io.streamserver.encoding.control;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Why a rendition's encode failed, handed from its partition's thread to the job's listener, which runs in the same
 * server. JBatch's partition analyzer did this before, but a partition thread that ended abnormally never reported to
 * it, and the job then waited forever for that report; without an analyzer, JBatch waits only for the thread's end.
 */
@ApplicationScoped
public class EncodingFailures {

    private final Map<String, String> reasons = new ConcurrentHashMap<>();

    /** The first failure of the claim's execution is the one the job reports. */
    public void record(String jobId, String epoch, String reason) {
        reasons.putIfAbsent(key(jobId, epoch), reason);
    }

    /** The failure recorded under the claim, if any, forgotten once taken. */
    public Optional<String> take(String jobId, String epoch) {
        return Optional.ofNullable(reasons.remove(key(jobId, epoch)));
    }

    private static String key(String jobId, String epoch) {
        return jobId + "/" + epoch;
    }
}
