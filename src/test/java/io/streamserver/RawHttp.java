package io.streamserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for requests that a normal client would refuse or normalise: raw paths
 * with dot segments and odd encodings, a declared length that is never sent, a body that stops mid-way.
 */
public final class RawHttp {

    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final String host;
    private final int port;

    public RawHttp(URL base) {
        this.host = base.getHost();
        this.port = base.getPort();
    }

    /** Sends the request line with the path exactly as given. */
    public Answer get(String rawPath) throws IOException {
        return exchange(("GET " + rawPath + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), null, 0);
    }

    /**
     * Sends the head, then the body from another thread, while this one reads the answer: the server may answer
     * and stop reading long before the body is sent, and a client that insisted on sending it all would hang.
     */
    public Answer exchange(byte[] head, InputStream body, int chunkSize) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.flush();
            Thread writer = null;
            if (body != null) {
                writer = new Thread(() -> {
                    byte[] chunk = new byte[chunkSize];
                    int read;
                    try {
                        while ((read = body.read(chunk)) > 0) {
                            out.write(chunk, 0, read);
                        }
                        out.flush();
                    } catch (IOException e) {
                        // the server answered and closed before the body was sent; its answer is what counts
                    }
                }, "raw-http-body");
                writer.setDaemon(true);
                writer.start();
            }
            Answer answer = read(socket.getInputStream());
            socket.close();
            if (writer != null) {
                try {
                    writer.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return answer;
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] status = statusLine.split(" ", 3);
        if (status.length < 2) {
            throw new IOException("no HTTP answer: '" + statusLine + "'");
        }
        Map<String, String> headers = new TreeMap<>();
        String line;
        while (!(line = line(in)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(),
                    (a, b) -> a + ", " + b);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            int size;
            while ((size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) > 0) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else {
            body.write(in.readAllBytes());
        }
        return new Answer(Integer.parseInt(status[1]), headers, body.toByteArray());
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
