package io.streamserver.media.control;

import io.streamserver.media.entity.Codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Gapless AAC in fragmented MP4: the encoder starts with priming samples (1024 for ffmpeg's aac) that players drop only
 * when the init segment's edit list says so. ffmpeg's HLS muxer writes one edit list entry with media_time 0, so the
 * priming would play as a gap; this sets that entry's media_time to the priming, in the track's timescale, in place.
 */
public final class PrimingTrim {

    /** ffmpeg's aac encoder delay (its initial_padding), in samples. */
    public static final int AAC_PRIMING_SAMPLES = 1024;

    private static final System.Logger LOG = System.getLogger(PrimingTrim.class.getName());

    private PrimingTrim() {
    }

    /** Trims the priming of the encode's init segment once ffmpeg has written it; the other codecs need nothing. */
    public static void apply(HlsEncoding encoding) throws IOException {
        Path init = encoding.outputFolder().resolve(HlsEncoding.INIT_SEGMENT);
        if (encoding.codec() != Codec.AAC || !encoding.settings().isFragmented() || !Files.exists(init)) {
            return;
        }
        byte[] patched = trimmed(Files.readAllBytes(init), AAC_PRIMING_SAMPLES)
                .orElseThrow(() -> new IOException("the init segment has no audio edit list to trim the priming with"));
        // written whole, then renamed: a reader of init.mp4 never sees half a file
        Path partial = init.resolveSibling(HlsEncoding.INIT_SEGMENT + ".part");
        Files.write(partial, patched);
        Files.move(partial, init, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LOG.log(System.Logger.Level.DEBUG, "{0}: AAC priming trimmed by the edit list", init);
    }

    /**
     * The init segment with the first edit list entry of its (first) track starting {@code primingSamples} into the
     * media; empty when it has no such entry. The track's timescale and the sample entry's rate convert samples to
     * media time (ffmpeg makes them equal).
     */
    public static Optional<byte[]> trimmed(byte[] init, int primingSamples) {
        byte[] copy = init.clone();
        ByteBuffer file = ByteBuffer.wrap(copy);
        Optional<Box> trak = find(file, 0, copy.length, "moov").flatMap(moov -> find(file, moov.body(), moov.end(), "trak"));
        if (trak.isEmpty()) {
            return Optional.empty();
        }
        Optional<Box> elst = find(file, trak.get().body(), trak.get().end(), "edts")
                .flatMap(edts -> find(file, edts.body(), edts.end(), "elst"));
        Optional<Box> mdia = find(file, trak.get().body(), trak.get().end(), "mdia");
        Optional<Box> mdhd = mdia.flatMap(m -> find(file, m.body(), m.end(), "mdhd"));
        if (elst.isEmpty() || mdhd.isEmpty()) {
            return Optional.empty();
        }
        long timescale = Integer.toUnsignedLong(file.getInt(mdhd.get().body() + (file.get(mdhd.get().body()) == 1 ? 20 : 12)));
        long sampleRate = mdia.flatMap(m -> find(file, m.body(), m.end(), "minf"))
                .flatMap(minf -> find(file, minf.body(), minf.end(), "stbl"))
                .flatMap(stbl -> find(file, stbl.body(), stbl.end(), "stsd"))
                // stsd: version and flags, entry count, then the first sample entry and its 8-byte header
                .map(stsd -> new Box(null, stsd.body() + 16, stsd.body() + 16 + 28))
                // an audio sample entry's rate is 16.16 fixed point, 24 bytes into its body
                .map(entry -> (long) (file.getInt(entry.body() + 24) >>> 16))
                .filter(rate -> rate > 0).orElse(timescale);
        long mediaTime = primingSamples * timescale / sampleRate;
        int body = elst.get().body();
        boolean version1 = file.get(body) == 1;
        if (file.getInt(body + 4) < 1) {
            return Optional.empty();
        }
        // entry: segment_duration, then media_time, 64-bit in version 1 and 32-bit in version 0
        if (version1) {
            file.putLong(body + 8 + 8, mediaTime);
        } else {
            file.putInt(body + 8 + 4, (int) mediaTime);
        }
        return Optional.of(copy);
    }

    /** The first edit list entry's media_time, for tests and checks; empty without one. */
    public static Optional<Long> mediaTime(byte[] init) {
        ByteBuffer file = ByteBuffer.wrap(init);
        return find(file, 0, init.length, "moov").flatMap(moov -> find(file, moov.body(), moov.end(), "trak"))
                .flatMap(trak -> find(file, trak.body(), trak.end(), "edts"))
                .flatMap(edts -> find(file, edts.body(), edts.end(), "elst"))
                .filter(elst -> file.getInt(elst.body() + 4) >= 1)
                .map(elst -> file.get(elst.body()) == 1 ? file.getLong(elst.body() + 16) : (long) file.getInt(elst.body() + 12));
    }

    private record Box(String type, int body, int end) {
    }

    /** The first box of the type among the boxes from {@code start} to {@code end}. */
    private static Optional<Box> find(ByteBuffer file, int start, int end, String type) {
        int position = start;
        while (position + 8 <= end) {
            long size = Integer.toUnsignedLong(file.getInt(position));
            int header = 8;
            if (size == 1 && position + 16 <= end) {
                size = file.getLong(position + 8);
                header = 16;
            } else if (size == 0) {
                size = end - position;
            }
            if (size < header || position + size > end) {
                return Optional.empty();
            }
            String name = new String(new byte[]{file.get(position + 4), file.get(position + 5), file.get(position + 6),
                    file.get(position + 7)}, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (name.equals(type)) {
                return Optional.of(new Box(name, position + header, (int) (position + size)));
            }
            position += (int) size;
        }
        return Optional.empty();
    }
}
