package io.streamserver.media.control;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrimingTrimTest {

    @Test
    void theEditListStartsAfterThePrimingInTheTracksTimescale() {
        byte[] init = init(0, 44_100, 44_100);
        assertEquals(Optional.of(0L), PrimingTrim.mediaTime(init), "ffmpeg's HLS muxer leaves the priming in");
        byte[] trimmed = PrimingTrim.trimmed(init, PrimingTrim.AAC_PRIMING_SAMPLES).orElseThrow();
        assertEquals(Optional.of(1024L), PrimingTrim.mediaTime(trimmed));
        assertEquals(init.length, trimmed.length, "patched in place");
        assertEquals(Optional.of(0L), PrimingTrim.mediaTime(init), "the input is left as it was");
    }

    @Test
    void aVersion1EditListAndAnotherTimescaleAreConverted() {
        byte[] trimmed = PrimingTrim.trimmed(init(1, 96_000, 48_000), 1024).orElseThrow();
        assertEquals(Optional.of(2048L), PrimingTrim.mediaTime(trimmed));
    }

    @Test
    void onlyTheMediaTimeChanges() {
        byte[] init = init(0, 48_000, 48_000);
        byte[] trimmed = PrimingTrim.trimmed(init, 1024).orElseThrow();
        int differing = 0;
        for (int i = 0; i < init.length; i++) {
            differing += init[i] != trimmed[i] ? 1 : 0;
        }
        assertEquals(1, differing, "1024 fits in one byte of the 32-bit media_time");
        assertArrayEquals(init, PrimingTrim.trimmed(trimmed, 0).orElseThrow(), "a zero priming restores ffmpeg's file");
    }

    @Test
    void anInitSegmentWithoutAnEditListIsLeftAlone() {
        byte[] init = concat(box("ftyp", "iso6".getBytes(StandardCharsets.US_ASCII)),
                box("moov", box("trak", box("mdia", mdhd(44_100)))));
        assertTrue(PrimingTrim.trimmed(init, 1024).isEmpty());
        assertTrue(PrimingTrim.mediaTime(init).isEmpty());
    }

    /** ftyp, then moov > trak > (edts > elst, mdia > (mdhd, minf > stbl > stsd > mp4a)), as ffmpeg lays them out. */
    static byte[] init(int elstVersion, int timescale, int sampleRate) {
        ByteBuffer elst = ByteBuffer.allocate(elstVersion == 1 ? 28 : 20).putInt(elstVersion << 24).putInt(1);
        if (elstVersion == 1) {
            elst.putLong(0).putLong(0);
        } else {
            elst.putInt(0).putInt(0);
        }
        elst.putInt(0x00010000);
        ByteBuffer mp4a = ByteBuffer.allocate(28).put(new byte[6]).putShort((short) 1).put(new byte[8])
                .putShort((short) 2).putShort((short) 16).putShort((short) 0).putShort((short) 0).putInt(sampleRate << 16);
        byte[] stsd = box("stsd", concat(ByteBuffer.allocate(8).putInt(0).putInt(1).array(), box("mp4a", mp4a.array())));
        byte[] mdia = box("mdia", concat(mdhd(timescale), box("minf", box("stbl", stsd))));
        byte[] trak = box("trak", concat(box("tkhd", new byte[84]), box("edts", box("elst", elst.array())), mdia));
        return concat(box("ftyp", "iso6".getBytes(StandardCharsets.US_ASCII)), box("moov", concat(box("mvhd", new byte[100]), trak)));
    }

    private static byte[] mdhd(int timescale) {
        return box("mdhd", ByteBuffer.allocate(24).putInt(0).putInt(0).putInt(0).putInt(timescale).putInt(0).putInt(0).array());
    }

    private static byte[] box(String type, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).putInt(8 + body.length).put(type.getBytes(StandardCharsets.US_ASCII))
                .put(body).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
