package io.streamserver.monitoring.boundary;

import io.streamserver.storage.control.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * With STREAM_STORAGE=s3, ready only while the bucket takes a write: without it no upload is kept and no segment
 * published or served. Checked in the background like the others, so that a probe never costs a request to the bucket.
 */
@Readiness
@ApplicationScoped
public class StorageCheck extends RefreshedCheck {

    @Inject
    Storage storage;

    @Override
    protected String name() {
        return "storage";
    }

    @Override
    protected HealthCheckResponse check() {
        if (!storage.inBucket()) {
            return HealthCheckResponse.named(name()).up().withData("mode", "local").build();
        }
        var answer = HealthCheckResponse.named(name()).withData("mode", "s3").withData("bucket", storage.bucketName());
        try {
            storage.checkWritable();
            return answer.up().build();
        } catch (RuntimeException e) {
            return answer.down().withData("error", e.getMessage()).build();
        }
    }
}
