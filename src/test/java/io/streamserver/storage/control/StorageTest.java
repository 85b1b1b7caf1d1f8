package io.streamserver.storage.control;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The storage settings as the server reads them at start; presigning needs no bucket, so none runs here. */
class StorageTest {

    private Storage storage;

    private static Storage configured(String mode, String bucket, String prefix, boolean presign) {
        Storage storage = new Storage();
        storage.mode = mode;
        storage.bucket = Optional.ofNullable(bucket);
        storage.prefix = Optional.ofNullable(prefix);
        storage.endpoint = Optional.of("http://127.0.0.1:9");
        storage.region = "us-east-1";
        storage.pathStyle = true;
        storage.presign = presign;
        return storage;
    }

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void localIsTheDataDirectoryAndNeverPresigns() {
        storage = configured("local", null, null, true);
        storage.connect();
        assertFalse(storage.inBucket());
        assertFalse(storage.presigned());
    }

    @Test
    void anUnknownModeOrABucketlessS3IsRefusedAtStart() {
        assertThrows(IllegalStateException.class, () -> configured("nfs", "b", null, false).connect());
        assertThrows(IllegalStateException.class, () -> configured("s3", null, null, false).connect());
        assertThrows(IllegalStateException.class, () -> configured("s3", " ", null, false).connect());
    }

    @Test
    void presignedUrlsAreUnderThePrefixAndLastAtMostSevenDays() {
        System.setProperty("aws.accessKeyId", "id");
        System.setProperty("aws.secretAccessKey", "secret");
        storage = configured("S3", "media", "tenant-1", true);
        storage.connect();
        assertTrue(storage.inBucket());
        assertTrue(storage.presigned());
        String url = storage.presignedUrl(Storage.jobKey("job-1", "segment_00001.ts"), Duration.ofMinutes(5)).toString();
        assertTrue(url.startsWith("http://127.0.0.1:9/media/tenant-1/jobs/job-1/segment_00001.ts?"), url);
        assertTrue(url.contains("X-Amz-Expires=300"), url);
        String capped = storage.presignedUrl(Storage.uploadKey("u.source"), Duration.ofDays(30)).toString();
        assertTrue(capped.contains("/media/tenant-1/uploads/u.source?") && capped.contains("X-Amz-Expires=604800"), capped);
        assertEquals("media", storage.bucketName());
    }
}
