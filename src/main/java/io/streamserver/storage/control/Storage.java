package io.streamserver.storage.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where uploads and the jobs' published files live: the data directory (STREAM_STORAGE=local, the default, where the
 * callers keep using the file system directly and nothing here is called), or an S3-compatible bucket (s3), shared by
 * servers that share a database but no folder. In the bucket, under STREAM_S3_PREFIX, an upload is
 * {@code uploads/<name>} and a job's segments, init segments and peaks are {@code jobs/<job id>/<file name>}: the
 * same names as in the data directory. Every call here is a network call: callers make them outside transactions.
 */
@ApplicationScoped
public class Storage {

    private static final System.Logger LOG = System.getLogger(Storage.class.getName());
    static final String HEALTH_OBJECT = "health/ready";

    @Inject
    @ConfigProperty(name = "stream.storage")
    String mode;

    @Inject
    @ConfigProperty(name = "stream.s3.bucket")
    Optional<String> bucket;

    @Inject
    @ConfigProperty(name = "stream.s3.prefix")
    Optional<String> prefix;

    @Inject
    @ConfigProperty(name = "stream.s3.endpoint")
    Optional<String> endpoint;

    @Inject
    @ConfigProperty(name = "stream.s3.region")
    String region;

    @Inject
    @ConfigProperty(name = "stream.s3.path-style")
    boolean pathStyle;

    @Inject
    @ConfigProperty(name = "stream.s3.presign")
    boolean presign;

    private S3Client s3;
    private S3Presigner presigner;
    private String root;
    private final String process = java.util.UUID.randomUUID().toString();

    @PostConstruct
    void connect() {
        switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "local" -> {
                return;
            }
            case "s3" -> {
            }
            default -> throw new IllegalStateException("STREAM_STORAGE must be local or s3, not " + mode);
        }
        if (bucket.isEmpty() || bucket.get().isBlank()) {
            throw new IllegalStateException("STREAM_STORAGE=s3 needs STREAM_S3_BUCKET");
        }
        String p = prefix.orElse("").strip();
        root = p.isEmpty() || p.endsWith("/") ? p : p + "/";
        // S3-compatible stores refuse the CRC32 checksums that the SDK sends by default since 2.30
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)).build())
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .forcePathStyle(pathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        var presignerBuilder = S3Presigner.builder().region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        endpoint.filter(e -> !e.isBlank()).map(URI::create).ifPresent(uri -> {
            builder.endpointOverride(uri);
            presignerBuilder.endpointOverride(uri);
        });
        s3 = builder.build();
        presigner = presignerBuilder.build();
        LOG.log(Level.INFO, "storage: bucket {0}, prefix \"{1}\"{2}", bucket.get(), root,
                endpoint.map(e -> ", at " + e).orElse(""));
    }

    @PreDestroy
    void close() {
        if (s3 != null) {
            s3.close();
            presigner.close();
        }
    }

    /** Whether uploads and published files live in the bucket rather than in the data directory. */
    public boolean inBucket() {
        return s3 != null;
    }

    /** Whether playlists point at presigned bucket URLs rather than at this server (STREAM_S3_PRESIGN). */
    public boolean presigned() {
        return inBucket() && presign;
    }

    public String bucketName() {
        return bucket.orElse("");
    }

    public static String uploadKey(String fileName) {
        return "uploads/" + fileName;
    }

    public static String jobKey(String jobId, String fileName) {
        return jobPrefix(jobId) + fileName;
    }

    private static String jobPrefix(String jobId) {
        return "jobs/" + jobId + "/";
    }

    /** Uploads a local file under the key, whole, replacing any object of that name. */
    public void put(String key, Path file) {
        call("store " + key, () -> s3.putObject(b -> b.bucket(bucket.get()).key(root + key), RequestBody.fromFile(file)));
    }

    /** Downloads the object to the file, through a partial file that is moved into place once complete. */
    public void fetch(String key, Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        Files.deleteIfExists(partial);
        try {
            call("fetch " + key, () -> s3.getObject(b -> b.bucket(bucket.get()).key(root + key), ResponseTransformer.toFile(partial)));
        } catch (NoSuchObjectException e) {
            throw new IOException("the bucket has no object " + key);
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The object's size and ETag; empty when there is no such object. */
    public Optional<StoredObject> head(String key) {
        try {
            HeadObjectResponse head = call("look up " + key, () -> s3.headObject(b -> b.bucket(bucket.get()).key(root + key)));
            return Optional.of(new StoredObject(head.contentLength(), head.eTag(),
                    head.lastModified() == null ? 0 : head.lastModified().toEpochMilli()));
        } catch (NoSuchObjectException e) {
            return Optional.empty();
        }
    }

    /**
     * The object's bytes from {@code first}, {@code length} of them, as a stream from the bucket: the caller closes it.
     * Never buffered whole.
     */
    public InputStream read(String key, long first, long length) {
        if (length == 0) {
            return InputStream.nullInputStream(); // a Range header cannot ask for no bytes
        }
        try {
            ResponseInputStream<GetObjectResponse> in = call("read " + key, () -> s3.getObject(b -> b.bucket(bucket.get())
                    .key(root + key).range("bytes=" + first + "-" + (first + length - 1))));
            return in;
        } catch (NoSuchObjectException e) {
            throw new UncheckedIOException(new IOException("object " + key + " vanished while it was being served"));
        }
    }

    /** The file names of a job's objects. */
    public Set<String> jobFiles(String jobId) {
        return new HashSet<>(jobFileSizes(jobId).keySet());
    }

    /** A job's objects' sizes by file name: one listing, where a HEAD per object would cost a request each. */
    public Map<String, Long> jobFileSizes(String jobId) {
        Map<String, Long> sizes = new HashMap<>();
        String folder = root + jobPrefix(jobId);
        for (S3Object object : call("list " + jobPrefix(jobId), () -> s3.listObjectsV2Paginator(b -> b.bucket(bucket.get())
                .prefix(folder)).contents().stream().toList())) {
            sizes.put(object.key().substring(folder.length()), object.size());
        }
        return sizes;
    }

    /** Deletes a job's objects one at a time: some S3-compatible stores (s3proxy) refuse batch deletes with 501. */
    public void deleteJob(String jobId) {
        for (String name : jobFiles(jobId)) {
            delete(jobKey(jobId, name));
        }
    }

    /** Deletes the object; nothing happens when there is none. */
    public void delete(String key) {
        call("delete " + key, () -> s3.deleteObject(b -> b.bucket(bucket.get()).key(root + key)));
    }

    /** A URL that gets the object without other credentials until it expires (at most 7 days, SigV4's limit). */
    public URI presignedUrl(String key, Duration validFor) {
        Duration duration = validFor.compareTo(Duration.ofDays(7)) > 0 ? Duration.ofDays(7)
                : validFor.isNegative() || validFor.isZero() ? Duration.ofSeconds(1) : validFor;
        return call("presign " + key, () -> URI.create(presigner.presignGetObject(b -> b.signatureDuration(duration)
                .getObjectRequest(g -> g.bucket(bucket.get()).key(root + key))).url().toString()));
    }

    /** Proves the bucket reachable and writable: writes and removes a small object of this process's own. */
    public void checkWritable() {
        String key = HEALTH_OBJECT + "-" + process;
        call("write " + key, () -> s3.putObject(b -> b.bucket(bucket.get()).key(root + key), RequestBody.fromString(process)));
        call("delete " + key, () -> s3.deleteObject(b -> b.bucket(bucket.get()).key(root + key)));
    }

    private <T> T call(String what, java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (NoSuchKeyException e) {
            throw new NoSuchObjectException(e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && (e.awsErrorDetails() == null || !"NoSuchBucket".equals(e.awsErrorDetails().errorCode()))) {
                throw new NoSuchObjectException(e);
            }
            throw new StorageUnavailableException("the bucket refused to " + what + ": " + e.statusCode() + " "
                    + (e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode()), e);
        } catch (SdkException | UncheckedIOException e) {
            throw new StorageUnavailableException("the bucket did not let this server " + what + ": " + e.getMessage(), e);
        }
    }

    /** No object of that name: local to this class, whose callers see an empty Optional. */
    static class NoSuchObjectException extends RuntimeException {
        NoSuchObjectException(Throwable cause) {
            super(cause);
        }
    }
}
