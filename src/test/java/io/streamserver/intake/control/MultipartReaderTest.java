package io.streamserver.intake.control;

import io.streamserver.intake.control.MultipartReader.Part;
import io.streamserver.media.entity.InvalidParameterException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipartReaderTest {

    private static final String BOUNDARY = "----b0undary";
    private static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String field(String name, String content) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + content + "\r\n";
    }

    private static String fileHead(String fileName) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: audio/wav\r\n\r\n";
    }

    private static final String CLOSE = "--" + BOUNDARY + "--\r\n";

    private static byte[] concat(byte[]... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    /** Hands out at most a few bytes per read, as a slow network does, and counts what was taken. */
    private static final class Trickle extends ByteArrayInputStream {
        private final Random sizes = new Random(7);
        private final int most;

        Trickle(byte[] bytes, int most) {
            super(bytes);
            this.most = most;
        }

        @Override
        public synchronized int read(byte[] into, int offset, int length) {
            return super.read(into, offset, Math.min(length, 1 + sizes.nextInt(most)));
        }

        int consumed() {
            return pos;
        }
    }

    private record Read(String name, Optional<String> fileName, byte[] content) {
    }

    private static List<Read> readAll(MultipartReader reader) throws IOException {
        List<Read> parts = new ArrayList<>();
        for (Optional<Part> next = reader.next(); next.isPresent(); next = reader.next()) {
            Part part = next.get();
            parts.add(new Read(part.name(), part.fileName(), part.content().readAllBytes()));
        }
        return parts;
    }

    private static MultipartReader reader(InputStream body) {
        return new MultipartReader(body, TYPE, -1, 10_000_000, 16, 200, 256);
    }

    @Test
    void fieldsBeforeAndAfterTheFileComeInOrderWithTheFileIntact() throws IOException {
        byte[] audio = new byte[100_000];
        new Random(1).nextBytes(audio);
        byte[] body = concat(bytes("preamble to ignore\r\n" + field("codec", "aac") + fileHead("a.wav")), audio,
                bytes("\r\n" + field("quality_profile", "high") + CLOSE + "epilogue"));
        List<Read> parts = readAll(reader(new Trickle(body, 97)));
        assertEquals(List.of("codec", "file", "quality_profile"), parts.stream().map(Read::name).toList());
        assertEquals("aac", new String(parts.get(0).content(), StandardCharsets.UTF_8));
        assertEquals(Optional.of("a.wav"), parts.get(1).fileName());
        assertArrayEquals(audio, parts.get(1).content());
        assertEquals("high", new String(parts.get(2).content(), StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), parts.get(2).fileName());
    }

    @Test
    void aDelimiterSplitAcrossReadsIsFoundWhereverTheSplitFalls() throws IOException {
        byte[] body = bytes(fileHead("a.wav") + "0123456789" + "\r\n" + field("codec", "flac") + CLOSE);
        for (int most = 1; most <= 40; most++) {
            List<Read> parts = readAll(reader(new Trickle(body, most)));
            assertEquals("0123456789", new String(parts.get(0).content(), StandardCharsets.ISO_8859_1), "reads of " + most);
            assertEquals("flac", new String(parts.get(1).content(), StandardCharsets.ISO_8859_1), "reads of " + most);
        }
    }

    @Test
    void contentThatMerelyResemblesTheDelimiterStaysContent() throws IOException {
        String tricky = "--" + BOUNDARY + "\r\n" // a delimiter without the line break before it
                + "\r\n--" + BOUNDARY.substring(0, 6) + "\r\n" // a cut delimiter
                + "\r\n-" + "-" + BOUNDARY.replace('y', 'x') + "\r\n" // one byte differs
                + "\r\r\n\r\n--\r\n--" + BOUNDARY.substring(1);
        byte[] body = bytes(fileHead("a.wav") + tricky + "\r\n" + CLOSE);
        List<Read> parts = readAll(reader(new Trickle(body, 13)));
        assertEquals(1, parts.size());
        assertEquals(tricky, new String(parts.get(0).content(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void anEmptyFileIsAnEmptyPart() throws IOException {
        List<Read> parts = readAll(reader(new ByteArrayInputStream(bytes(fileHead("empty.wav") + "\r\n" + CLOSE))));
        assertEquals(1, parts.size());
        assertEquals(0, parts.get(0).content().length);
    }

    @Test
    void aPartLeftUnreadIsSkipped() throws IOException {
        MultipartReader reader = reader(new Trickle(bytes(field("unknown", "x".repeat(5000)) + field("codec", "opus") + CLOSE), 500));
        assertEquals("unknown", reader.next().orElseThrow().name());
        Part codec = reader.next().orElseThrow();
        assertEquals("opus", new String(codec.content().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(reader.next().isEmpty());
    }

    @Test
    void aBodyWithoutItsClosingDelimiterIsRefused() throws IOException {
        MultipartReader reader = reader(new ByteArrayInputStream(bytes(fileHead("a.wav") + "RIFF....WAVE")));
        InputStream content = reader.next().orElseThrow().content();
        InvalidParameterException refused = assertThrows(InvalidParameterException.class, content::readAllBytes);
        assertEquals("file", refused.parameter());
        assertTrue(refused.getMessage().contains("closing delimiter"), refused.getMessage());
    }

    @Test
    void aBodyWithoutAnyDelimiterIsRefused() {
        MultipartReader reader = reader(new ByteArrayInputStream(bytes("<script>alert(1)</script>")));
        assertEquals("file", assertThrows(InvalidParameterException.class, reader::next).parameter());
    }

    @Test
    void tooManyPartsAreRefusedBeforeTheNextOneIsRead() throws IOException {
        byte[] body = bytes(field("a", "1") + field("b", "2") + field("c", "3") + CLOSE);
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), TYPE, -1, 10_000, 2, 200, 256);
        reader.next();
        reader.next();
        InvalidParameterException refused = assertThrows(InvalidParameterException.class, reader::next);
        assertTrue(refused.getMessage().startsWith("file: the form has more than 2 parts"), refused.getMessage());
    }

    @Test
    void partHeadersLongerThanTheLimitAreRefused() {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"\r\nX-Padding: "
                + "x".repeat(500) + "\r\n\r\ncontent\r\n" + CLOSE;
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(bytes(body)), TYPE, -1, 10_000, 4, 200, 1024);
        InvalidParameterException refused = assertThrows(InvalidParameterException.class, reader::next);
        assertTrue(refused.getMessage().startsWith("file: a part's headers are longer than 200 bytes"), refused.getMessage());
    }

    @Test
    void headersJustWithinTheLimitAreRead() throws IOException {
        String head = "Content-Disposition: form-data; name=\"codec\"\r\n\r\n";
        String body = "--" + BOUNDARY + "\r\n" + head + "aac\r\n" + CLOSE;
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(bytes(body)), TYPE, -1, 10_000, 4, head.length(), 256);
        assertEquals("codec", reader.next().orElseThrow().name());
    }

    @Test
    void aBodyBeyondTheByteLimitIsRefusedAndTheRestIsNeverRead() throws IOException {
        byte[] body = concat(bytes(fileHead("big.wav")), new byte[1_000_000], bytes("\r\n" + CLOSE));
        Trickle in = new Trickle(body, 4096);
        MultipartReader reader = new MultipartReader(in, TYPE, -1, 1000, 4, 200, 64 * 1024);
        UploadTooLargeException refused = assertThrows(UploadTooLargeException.class, () -> readAll(reader));
        assertTrue(refused.getMessage().startsWith("file:"), refused.getMessage());
        assertEquals(1001, in.consumed(), "one byte past the limit proves it is crossed");
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() throws IOException {
        byte[] body = bytes(field("codec", "aac") + CLOSE);
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), TYPE, body.length, body.length, 4, 200, 256);
        assertEquals(1, readAll(reader).size());
    }

    @Test
    void aBodyThatEndsBeforeItsContentLengthIsAnAbortedUpload() {
        byte[] body = bytes(fileHead("cut.wav") + "half of the audio");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), TYPE, body.length + 1000L, 10_000, 4, 200, 256);
        UploadAbortedException aborted = assertThrows(UploadAbortedException.class, () -> readAll(reader));
        assertTrue(aborted.getMessage().contains(body.length + " of " + (body.length + 1000)), aborted.getMessage());
    }

    @Test
    void aChunkedBodyThatEndsMidPartIsMalformed() {
        byte[] body = bytes(fileHead("cut.wav") + "half of the audio");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), TYPE, -1, 10_000, 4, 200, 256);
        assertThrows(InvalidParameterException.class, () -> readAll(reader));
    }

    @Test
    void aPartWithoutANameIsRefused() {
        String body = "--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nx\r\n" + CLOSE;
        InvalidParameterException refused = assertThrows(InvalidParameterException.class,
                () -> reader(new ByteArrayInputStream(bytes(body))).next());
        assertTrue(refused.getMessage().contains("no name"), refused.getMessage());
    }

    @Test
    void garbageAfterADelimiterIsRefused() {
        String body = "--" + BOUNDARY + "junk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n" + CLOSE;
        assertThrows(InvalidParameterException.class, () -> reader(new ByteArrayInputStream(bytes(body))).next());
    }

    @Test
    void blanksAfterADelimiterAreTransportPadding() throws IOException {
        String body = "--" + BOUNDARY + " \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n" + CLOSE;
        assertEquals("a", readAll(reader(new ByteArrayInputStream(bytes(body)))).get(0).name());
    }

    @Test
    void theBoundaryMayBeQuotedAndTheParametersUnquoted() throws IOException {
        String body = "--a b:c\r\ncontent-disposition: form-data; name=codec; filename=\"C:\\music\\t\\\"1\\\".wav\"\r\n\r\n"
                + "aac\r\n--a b:c--";
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(bytes(body)),
                "multipart/form-data; charset=utf-8; Boundary=\"a b:c\"", -1, 10_000, 4, 200, 256);
        Part part = reader.next().orElseThrow();
        assertEquals("codec", part.name());
        assertEquals(Optional.of("C:\\music\\t\"1\".wav"), part.fileName());
        assertEquals("aac", new String(part.content().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(reader.next().isEmpty());
    }

    @Test
    void aContentTypeWithoutABoundaryIsRefused() {
        for (String type : List.of("multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary="
                + "b".repeat(71))) {
            InvalidParameterException refused = assertThrows(InvalidParameterException.class,
                    () -> new MultipartReader(new ByteArrayInputStream(new byte[0]), type, -1, 10_000, 4, 200));
            assertEquals("file", refused.parameter(), type);
        }
    }

    @Test
    void aUtf8FileNameIsDecoded() throws IOException {
        byte[] body = concat(bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""),
                "chœur é.wav".getBytes(StandardCharsets.UTF_8), bytes("\"\r\n\r\nx\r\n" + CLOSE));
        assertEquals(Optional.of("chœur é.wav"), readAll(reader(new ByteArrayInputStream(body))).get(0).fileName());
    }

    /** The connection breaks in the middle of the file: the client went away, which is not the server's failure. */
    @Test
    void aBrokenConnectionIsAnAbortedUpload() throws IOException {
        byte[] head = bytes(fileHead("a.wav") + "RIFF....");
        InputStream breaking = new java.io.SequenceInputStream(new ByteArrayInputStream(head), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Connection reset by peer");
            }
        });
        MultipartReader reader = reader(breaking);
        InputStream content = reader.next().orElseThrow().content();

        UploadAbortedException e = assertThrows(UploadAbortedException.class, content::readAllBytes);
        assertTrue(e.getMessage().startsWith("file: the upload ended before it was complete"), e.getMessage());
    }
}
