package io.streamserver.intake.control;

import io.streamserver.media.entity.InvalidParameterException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a multipart/form-data body (RFC 7578) as it streams in, part after part, through one fixed buffer: a part's
 * content is a stream that ends at the next delimiter, so an uploaded file is neither held in memory nor buffered
 * in a temporary file. Our own reader, because the JAX-RS runtimes' multipart support buffers whole parts.
 * <p>
 * Uploads are hostile, so a body costs at most its limits: the bytes read (413), the number of parts and the size of
 * a part's headers (400); a malformed body is a 400 too. Every refusal's message starts with "file", the field
 * that carries the body, and the rest of a refused body is never read.
 */
public final class MultipartReader {

    /** One part: its form field's name, the file name it declares if any, and its content up to the next delimiter. */
    public record Part(String name, Optional<String> fileName, InputStream content) {
    }

    private enum State { PREAMBLE, CONTENT, AFTER_DELIMITER, CLOSED }

    private static final System.Logger LOG = System.getLogger(MultipartReader.class.getName());
    static final int BUFFER = 64 * 1024;
    /** RFC 2046 section 5.1.1. */
    private static final int MAX_BOUNDARY = 70;

    private final InputStream in;
    private final long declaredBytes;
    private final byte[] delimiter;
    private final int[] shift = new int[256];
    private final long maxBytes;
    private final int maxParts;
    private final int maxHeaderBytes;
    private final byte[] buffer;

    /** The unread bytes are buffer[start, end). */
    private int start;
    private int end;
    /** Bytes before contentEnd are known to be content; a delimiter starts there if delimiterFound. */
    private int contentEnd;
    private boolean delimiterFound;
    private boolean endOfInput;
    private long bytesRead;
    private int parts;
    private State state = State.PREAMBLE;
    private PartContent current;

    /**
     * @param contentType   the request's Content-Type, which names the boundary
     * @param declaredBytes the request's Content-Length, or -1 for a chunked body
     * @param maxBytes      the most bytes of the body that are read
     */
    public MultipartReader(InputStream body, String contentType, long declaredBytes, long maxBytes, int maxParts,
                           int maxHeaderBytes) {
        this(body, contentType, declaredBytes, maxBytes, maxParts, maxHeaderBytes, BUFFER);
    }

    MultipartReader(InputStream body, String contentType, long declaredBytes, long maxBytes, int maxParts,
                    int maxHeaderBytes, int bufferSize) {
        this.in = body;
        this.declaredBytes = declaredBytes;
        // the first delimiter may open the body without a line break before it: one is assumed
        this.delimiter = ("\r\n--" + boundary(contentType)).getBytes(StandardCharsets.ISO_8859_1);
        this.maxBytes = maxBytes;
        this.maxParts = maxParts;
        this.maxHeaderBytes = maxHeaderBytes;
        if (bufferSize <= Math.max(maxHeaderBytes, delimiter.length) + 2) {
            throw new IllegalArgumentException("the buffer must hold a part's headers and a delimiter");
        }
        this.buffer = new byte[bufferSize];
        buffer[0] = '\r';
        buffer[1] = '\n';
        end = 2;
        java.util.Arrays.fill(shift, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            shift[delimiter[i] & 0xff] = delimiter.length - 1 - i;
        }
    }

    /** The boundary named by a multipart Content-Type, quoted or not. */
    static String boundary(String contentType) {
        String boundary = contentType == null ? null : parameters(contentType).get("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw new InvalidParameterException("file", "the multipart form names no boundary in its Content-Type");
        }
        if (boundary.length() > MAX_BOUNDARY || !StandardCharsets.US_ASCII.newEncoder().canEncode(boundary)) {
            throw new InvalidParameterException("file", "the multipart boundary is not 1 to " + MAX_BOUNDARY
                    + " ASCII characters");
        }
        return boundary;
    }

    /** The next part, once the rest of the previous one is skipped; empty after the closing delimiter. */
    public Optional<Part> next() throws IOException {
        if (state == State.PREAMBLE || state == State.CONTENT) {
            while (contentLength() >= 0) {
                start = contentEnd;
            }
        }
        if (state == State.CLOSED) {
            return Optional.empty();
        }
        if (current != null) {
            current.ended = true;
        }
        require(2);
        if (buffer[start] == '-' && buffer[start + 1] == '-') {
            state = State.CLOSED; // the epilogue is never read
            return Optional.empty();
        }
        if (parts == maxParts) {
            throw new InvalidParameterException("file", "the form has more than " + maxParts + " parts");
        }
        parts++;
        Map<String, String> disposition = headers();
        String name = disposition.get("name");
        if (name == null) {
            throw new InvalidParameterException("file", "a part of the form has no name in its Content-Disposition");
        }
        state = State.CONTENT;
        contentEnd = start;
        current = new PartContent();
        return Optional.of(new Part(name, Optional.ofNullable(disposition.get("filename")), current));
    }

    /**
     * Reads the rest of the delimiter line (RFC 2046 allows blanks before its line break) and the part's headers,
     * within the header limit; returns the Content-Disposition's parameters.
     */
    private Map<String, String> headers() throws IOException {
        int budget = maxHeaderBytes;
        Map<String, String> disposition = Map.of();
        boolean delimiterLine = true;
        while (true) {
            int lineEnd = lineEnd(budget);
            int length = lineEnd - start;
            budget -= length + 1;
            String line = new String(buffer, start, length > 0 && buffer[lineEnd - 1] == '\r' ? length - 1 : length,
                    StandardCharsets.UTF_8);
            start = lineEnd + 1;
            if (delimiterLine) {
                if (!line.isBlank()) {
                    throw new InvalidParameterException("file", "a multipart delimiter is followed by more than blanks");
                }
                delimiterLine = false;
                budget = maxHeaderBytes;
            } else if (line.isEmpty()) {
                return disposition;
            } else {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Content-Disposition")) {
                    disposition = parameters(line.substring(colon + 1));
                }
            }
        }
    }

    /** The index of the next line feed, within budget bytes from start. */
    private int lineEnd(int budget) throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = start + scanned; i < end && i - start < budget; i++) {
                if (buffer[i] == '\n') {
                    return i;
                }
            }
            if (end - start >= budget) {
                throw new InvalidParameterException("file", "a part's headers are longer than " + maxHeaderBytes + " bytes");
            }
            scanned = end - start;
            if (!fill()) {
                throw malformed();
            }
        }
    }

    /** How many content bytes of the current part are ready at start, or -1 once its delimiter is consumed. */
    private int contentLength() throws IOException {
        while (start == contentEnd) {
            if (delimiterFound) {
                start += delimiter.length;
                delimiterFound = false;
                contentEnd = start;
                state = State.AFTER_DELIMITER;
                return -1;
            }
            if (end - start < delimiter.length && !fill()) {
                throw malformed();
            }
            search();
        }
        return contentEnd - start;
    }

    /**
     * Horspool search for the delimiter in the unread bytes. Without a match, all but the last bytes, which may begin
     * a delimiter, are content.
     */
    private void search() {
        int last = delimiter.length - 1;
        for (int i = start; i + last < end; i += shift[buffer[i + last] & 0xff]) {
            int j = last;
            while (j >= 0 && buffer[i + j] == delimiter[j]) {
                j--;
            }
            if (j < 0) {
                contentEnd = i;
                delimiterFound = true;
                return;
            }
        }
        contentEnd = Math.max(start, end - last);
    }

    private void require(int bytes) throws IOException {
        while (end - start < bytes) {
            if (!fill()) {
                throw malformed();
            }
        }
    }

    /**
     * Logged here, where it is found, rather than by the exception's mapper: Undertow has ended the exchange by
     * then, and RESTEasy maps no exception of a committed response.
     */
    private static UploadAbortedException aborted(String why) {
        LOG.log(System.Logger.Level.WARNING, "an upload was aborted by its client: {0}", why);
        return new UploadAbortedException(why);
    }

    /** Moves the unread bytes to the front and reads more, never beyond the byte limit; false at the end of input. */
    private boolean fill() throws IOException {
        if (endOfInput) {
            return false;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            contentEnd -= start;
            start = 0;
        }
        int read;
        try {
            read = in.read(buffer, end, (int) Math.min(buffer.length - end, maxBytes + 1 - bytesRead));
        } catch (IOException e) {
            // the only input is the client's connection: its failure is the client's going away
            throw aborted(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        if (read < 0) {
            // a body shorter than its Content-Length is a connection that closed: Undertow reports a reset so
            if (declaredBytes >= 0 && bytesRead < declaredBytes) {
                throw aborted("the connection closed after " + bytesRead + " of " + declaredBytes + " bytes");
            }
            endOfInput = true;
            return false;
        }
        bytesRead += read;
        if (bytesRead > maxBytes) {
            throw new UploadTooLargeException("file: the upload is larger than the limit of " + maxBytes
                    + " bytes (STREAM_MAX_UPLOAD_BYTES)");
        }
        end += read;
        return true;
    }

    private static InvalidParameterException malformed() {
        return new InvalidParameterException("file", "the multipart form ends before its closing delimiter");
    }

    /** The parameters of a header value such as {@code form-data; name="file"; filename="a.wav"}, names in lower case. */
    static Map<String, String> parameters(String header) {
        Map<String, String> parameters = new HashMap<>();
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            int equals = header.indexOf('=', i + 1);
            int semicolon = header.indexOf(';', i + 1);
            if (equals < 0 || (semicolon >= 0 && semicolon < equals)) {
                i = semicolon;
                continue;
            }
            String name = header.substring(i + 1, equals).strip().toLowerCase(Locale.ROOT);
            int v = equals + 1;
            while (v < header.length() && (header.charAt(v) == ' ' || header.charAt(v) == '\t')) {
                v++;
            }
            StringBuilder value = new StringBuilder();
            if (v < header.length() && header.charAt(v) == '"') {
                v++;
                while (v < header.length() && header.charAt(v) != '"') {
                    // a backslash escapes a quote or itself; elsewhere it is literal, as in old browsers' Windows paths
                    if (header.charAt(v) == '\\' && v + 1 < header.length()
                            && (header.charAt(v + 1) == '"' || header.charAt(v + 1) == '\\')) {
                        v++;
                    }
                    value.append(header.charAt(v++));
                }
                i = header.indexOf(';', v);
            } else {
                int stop = header.indexOf(';', v);
                value.append(header, v, stop < 0 ? header.length() : stop);
                i = stop;
            }
            parameters.putIfAbsent(name, value.toString().strip());
        }
        return parameters;
    }

    /** The current part's content; it ends at the delimiter, or once the reader has moved on to the next part. */
    private final class PartContent extends InputStream {

        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            int ready = contentLength();
            if (ready < 0) {
                ended = true;
                return -1;
            }
            int n = Math.min(ready, length);
            System.arraycopy(buffer, start, into, offset, n);
            start += n;
            return n;
        }

        @Override
        public int available() {
            return ended ? 0 : contentEnd - start;
        }
    }
}
