package io.streamserver.playback.boundary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** gzip for playlists: whether the client's Accept-Encoding takes it (RFC 9110 12.5.3), and the compressing. */
final class Compression {

    private Compression() {
    }

    /** Whether any Accept-Encoding value lists gzip (or *) with a weight above zero; no header means no gzip. */
    static boolean acceptsGzip(Enumeration<String> headers) {
        boolean gzip = false;
        boolean refused = false;
        Boolean any = null;
        while (headers != null && headers.hasMoreElements()) {
            for (String coding : headers.nextElement().split(",")) {
                String[] parts = coding.split(";");
                String name = parts[0].strip().toLowerCase(Locale.ROOT);
                boolean accepted = weight(parts) > 0;
                if (name.equals("gzip") || name.equals("x-gzip")) {
                    gzip |= accepted;
                    refused |= !accepted;
                } else if (name.equals("*")) {
                    any = accepted;
                }
            }
        }
        return gzip || (!refused && Boolean.TRUE.equals(any));
    }

    private static double weight(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2).strip());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 32);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
