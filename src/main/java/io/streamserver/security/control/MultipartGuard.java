package io.streamserver.security.control;

import jakarta.ws.rs.WebApplicationException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Watches a multipart/form-data body as the JAX-RS runtime reads it, and stops reading as soon as the body grows
 * beyond its byte limit, has too many parts, or a part's headers grow too long: a hostile upload costs at most
 * the limit. Our own check, because the parser's knobs are implementation-specific.
 * <p>
 * On a violation the stream does not fail: it closes the multipart body properly and ends, so that the parser
 * finishes cleanly and releases its temporary files as usual; {@link #violation()} then says why it is refused.
 */
public final class MultipartGuard extends FilterInputStream {

    /** A limit was crossed; the exception carries the HTTP status to answer with. */
    public static final class LimitExceededException extends WebApplicationException {
        LimitExceededException(int status, String message) {
            super(message, status);
        }
    }

    private enum State { BODY, AFTER_DELIMITER, HEADERS, EPILOGUE }

    private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};

    private final byte[] delimiter;
    private final int[] failure;
    private final long maxBytes;
    private final int maxParts;
    private final int maxHeaderBytes;

    private long bytes;
    private int parts;
    private State state = State.BODY;
    private int matched;
    private int headerBytes;
    private int endMatched;
    private LimitExceededException violation;
    private byte[] trailer;
    private int trailerPosition;

    public MultipartGuard(InputStream in, String boundary, long maxBytes, int maxParts, int maxHeaderBytes) {
        super(in);
        this.delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.failure = failureFunction(delimiter);
        this.maxBytes = maxBytes;
        this.maxParts = maxParts;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /** The limit that was crossed, if any. */
    public Optional<LimitExceededException> violation() {
        return Optional.ofNullable(violation);
    }

    /** The parts seen so far. */
    public int parts() {
        return parts;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (trailer != null) {
            return readTrailer(buffer, offset, length);
        }
        int read = super.read(buffer, offset, length);
        for (int i = 0; i < read; i++) {
            if (!accept(buffer[offset + i])) {
                trailer = trailerFor(state);
                return i > 0 ? i : readTrailer(buffer, offset, length);
            }
        }
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(0, n))];
        int read = buffer.length == 0 ? 0 : read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public int available() throws IOException {
        return trailer != null ? trailer.length - trailerPosition : super.available();
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private int readTrailer(byte[] buffer, int offset, int length) {
        if (trailerPosition >= trailer.length) {
            return -1;
        }
        int n = Math.min(length, trailer.length - trailerPosition);
        System.arraycopy(trailer, trailerPosition, buffer, offset, n);
        trailerPosition += n;
        return n;
    }

    /** What closes the body from where it was cut: the end of the headers if need be, then the close delimiter. */
    private byte[] trailerFor(State cutIn) {
        String close = new String(delimiter, StandardCharsets.ISO_8859_1) + "--\r\n";
        String text = switch (cutIn) {
            case BODY -> "\r\n" + close;
            case AFTER_DELIMITER -> "--\r\n";
            case HEADERS -> "\r\n\r\n\r\n" + close;
            case EPILOGUE -> "";
        };
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Inspects the next byte; false (and a violation) if it would cross a limit. */
    private boolean accept(byte b) {
        if (bytes + 1 > maxBytes) {
            return refuse(413, "file: the upload is larger than the limit of " + maxBytes + " bytes (STREAM_MAX_UPLOAD_BYTES)");
        }
        switch (state) {
            case BODY -> scanForDelimiter(b);
            case AFTER_DELIMITER -> {
                if (b == '-') {
                    state = State.EPILOGUE; // "--boundary--" closes the body
                } else {
                    if (parts + 1 > maxParts) {
                        return refuse(400, "file: the form has more than " + maxParts + " parts");
                    }
                    parts++;
                    state = State.HEADERS;
                    headerBytes = 0;
                    endMatched = 0;
                    if (!countHeader(b)) {
                        return false;
                    }
                }
            }
            case HEADERS -> {
                if (!countHeader(b)) {
                    return false;
                }
            }
            case EPILOGUE -> {
                // ignored by every parser, and bounded by the byte limit
            }
        }
        bytes++;
        return true;
    }

    private boolean refuse(int status, String message) {
        violation = new LimitExceededException(status, message);
        return false;
    }

    private void scanForDelimiter(byte b) {
        while (matched > 0 && delimiter[matched] != b) {
            matched = failure[matched - 1];
        }
        if (delimiter[matched] == b) {
            matched++;
        }
        if (matched == delimiter.length) {
            matched = 0;
            state = State.AFTER_DELIMITER;
        }
    }

    private boolean countHeader(byte b) {
        if (headerBytes + 1 > maxHeaderBytes) {
            return refuse(400, "file: a part's headers are longer than " + maxHeaderBytes + " bytes");
        }
        headerBytes++;
        if (b == END_OF_HEADERS[endMatched]) {
            endMatched++;
        } else {
            endMatched = b == '\r' ? 1 : 0;
        }
        if (endMatched == END_OF_HEADERS.length) {
            state = State.BODY;
        }
        return true;
    }

    private static int[] failureFunction(byte[] pattern) {
        int[] failure = new int[pattern.length];
        for (int i = 1, k = 0; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = failure[k - 1];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            failure[i] = k;
        }
        return failure;
    }
}
