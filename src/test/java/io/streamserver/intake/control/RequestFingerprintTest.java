package io.streamserver.intake.control;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RequestFingerprintTest {

    private static final Map<String, String> FIELDS = Map.of("track_id", "song", "priority", "Normal");

    @Test
    void theSameBytesAndFieldsInAnyOrderGiveTheSameFingerprint() throws IOException {
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("priority", "Normal");
        reordered.put("track_id", "song");
        assertEquals(fingerprint("audio bytes", FIELDS), fingerprint("audio bytes", reordered));
    }

    @Test
    void anotherFileOrAnotherFieldValueGivesAnotherFingerprint() throws IOException {
        String first = fingerprint("audio bytes", FIELDS);
        assertNotEquals(first, fingerprint("audio bytez", FIELDS));
        assertNotEquals(first, fingerprint("audio bytes", Map.of("track_id", "song", "priority", "Urgent")));
        assertNotEquals(first, fingerprint("audio bytes", Map.of("track_id", "song")));
    }

    @Test
    void separatorsInsideValuesCannotMakeTwoFormsReadAsOne() {
        assertNotEquals(RequestFingerprint.of("f", Map.of("a", "1\nb=2")),
                RequestFingerprint.of("f", Map.of("a", "1", "b", "2")));
        assertNotEquals(RequestFingerprint.of("f", Map.of("a=1", "")), RequestFingerprint.of("f", Map.of("a", "1=")));
    }

    @Test
    void theFileIsHashedAsItIsReadThrough() throws Exception {
        byte[] bytes = "x".repeat(300_000).getBytes(StandardCharsets.UTF_8);
        RequestFingerprint fingerprint = new RequestFingerprint();
        try (InputStream in = fingerprint.digesting(new ByteArrayInputStream(bytes))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        String fileDigest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(RequestFingerprint.of(fileDigest, FIELDS), fingerprint.of(FIELDS));
    }

    private static String fingerprint(String content, Map<String, String> fields) throws IOException {
        RequestFingerprint fingerprint = new RequestFingerprint();
        try (InputStream in = fingerprint.digesting(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)))) {
            in.readAllBytes();
        }
        return fingerprint.of(fields);
    }
}
