package io.streamserver.security.control;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipartGuardTest {

    private static final String BOUNDARY = "----b0undary";

    private static String part(String name, String content) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + content + "\r\n";
    }

    private static String body(String... parts) {
        return String.join("", parts) + "--" + BOUNDARY + "--\r\n";
    }

    /** An input that counts what the guard took from it, to prove that the rest is never read. */
    private static final class CountingInput extends ByteArrayInputStream {
        CountingInput(byte[] bytes) {
            super(bytes);
        }

        int consumed() {
            return pos;
        }
    }

    private static MultipartGuard guard(InputStream in, long maxBytes, int maxParts, int maxHeaderBytes) {
        return new MultipartGuard(in, BOUNDARY, maxBytes, maxParts, maxHeaderBytes);
    }

    private static String readAll(MultipartGuard guard) throws IOException {
        return new String(guard.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aBodyWithinTheLimitsPassesUnchanged() throws IOException {
        byte[] bytes = body(part("codec", "aac"), part("file", "RIFF....WAVEdata")).getBytes(StandardCharsets.ISO_8859_1);
        MultipartGuard guard = guard(new ByteArrayInputStream(bytes), bytes.length, 2, 200);
        assertArrayEquals(bytes, guard.readAllBytes());
        assertTrue(guard.violation().isEmpty());
        assertEquals(2, guard.parts());
    }

    @Test
    void contentThatMerelyResemblesTheBoundaryIsNotAPart() throws IOException {
        String body = body(part("file", "--" + BOUNDARY.substring(0, 5) + "--" + "--" + "-"));
        MultipartGuard guard = guard(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), 10_000, 1, 200);
        assertEquals(body, readAll(guard));
        assertTrue(guard.violation().isEmpty());
    }

    @Test
    void tooManyPartsStopTheReadAndCloseTheBody() throws IOException {
        String body = body(part("a", "1"), part("b", "2"), part("c", "3"));
        MultipartGuard guard = guard(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), 10_000, 2, 200);
        String read = readAll(guard);
        assertEquals(400, guard.violation().orElseThrow().getResponse().getStatus());
        assertFalse(read.contains("name=\"c\""), "the third part is never handed on: " + read);
        assertTrue(read.endsWith("--" + BOUNDARY + "--\r\n"), "the body is closed for the parser: " + read);
    }

    @Test
    void longPartHeadersStopTheRead() throws IOException {
        String body = body("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"\r\nX-Padding: "
                + "x".repeat(500) + "\r\n\r\ncontent\r\n");
        MultipartGuard guard = guard(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), 10_000, 4, 200);
        String read = readAll(guard);
        assertEquals(400, guard.violation().orElseThrow().getResponse().getStatus());
        assertTrue(guard.violation().get().getMessage().contains("headers"));
        assertTrue(read.endsWith("\r\n\r\n\r\n--" + BOUNDARY + "--\r\n"), "headers end, then the body closes: " + read);
    }

    @Test
    void aBodyBeyondTheByteLimitIsCutThereAndTheRestIsNeverRead() throws IOException {
        byte[] bytes = body(part("file", "x".repeat(1_000_000))).getBytes(StandardCharsets.ISO_8859_1);
        CountingInput in = new CountingInput(bytes);
        MultipartGuard guard = guard(in, 1000, 4, 200);
        String read = readAll(guard);
        assertEquals(413, guard.violation().orElseThrow().getResponse().getStatus());
        assertTrue(in.consumed() < 64 * 1024, "read " + in.consumed() + " of " + bytes.length + " bytes");
        assertEquals(1000 + ("\r\n--" + BOUNDARY + "--\r\n").length(), read.length());
    }

    @Test
    void singleByteReadsAreGuardedToo() throws IOException {
        byte[] bytes = body(part("a", "1"), part("b", "2")).getBytes(StandardCharsets.ISO_8859_1);
        MultipartGuard guard = guard(new ByteArrayInputStream(bytes), 10_000, 1, 200);
        while (guard.read() >= 0) {
            // drain
        }
        assertTrue(guard.violation().isPresent());
    }
}
