package io.streamserver.intake.control;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes two submissions the same request for an Idempotency-Key: the SHA-256 of the uploaded bytes, taken as
 * they stream to disk (never a second read of the file), and the form's fields as the server understood them.
 */
public final class RequestFingerprint {

    private final MessageDigest file = sha256();

    /** The upload's content, hashed as it is read. */
    public InputStream digesting(InputStream content) {
        return new DigestInputStream(content, file);
    }

    /**
     * The fingerprint, once the file has been read: the fields' order does not matter, their values do.
     *
     * @param fields the form's normalised fields, by name
     */
    public String of(Map<String, String> fields) {
        return of(HexFormat.of().formatHex(file.digest()), fields);
    }

    static String of(String fileDigest, Map<String, String> fields) {
        StringBuilder text = new StringBuilder("file=").append(fileDigest).append('\n');
        // names and values are escaped for the separators, so that no two different forms read as one
        new TreeMap<>(fields).forEach((name, value) -> text.append(escape(name)).append('=')
                .append(value == null ? "\\0" : escape(value)).append('\n'));
        return HexFormat.of().formatHex(sha256().digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\=");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
