package io.streamserver.playback.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** With boxes built by hand; that ffmpeg's real files become a FLAC that decodes as HLS does is CodecPlaybackIT's. */
class FlacInMp4Test {

    private static byte[] box(String type, byte[]... payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] payload : payloads) {
            out.writeBytes(payload);
        }
        return ByteBuffer.allocate(8 + out.size()).putInt(8 + out.size())
                .put(type.getBytes(StandardCharsets.US_ASCII)).put(out.toByteArray()).array();
    }

    private static byte[] streamInfoBlocks() {
        byte[] blocks = new byte[4 + 34 + 4 + 3];
        blocks[3] = 34; // STREAMINFO, 34 bytes, not the last block
        for (int i = 4; i < 38; i++) {
            blocks[i] = (byte) i;
        }
        blocks[38] = (byte) 0x81; // the last block: PADDING of 3 bytes
        blocks[41] = 3;
        return blocks;
    }

    private static byte[] init(byte[] blocks) {
        byte[] dfla = box("dfLa", new byte[4], blocks);
        byte[] entry = box("fLaC", new byte[28], dfla);
        byte[] stsd = box("stsd", new byte[]{0, 0, 0, 0, 0, 0, 0, 1}, entry);
        byte[] moov = box("moov", box("mvhd", new byte[100]), box("trak", box("tkhd", new byte[80]),
                box("mdia", box("mdhd", new byte[24]), box("minf", box("stbl", stsd, box("stts", new byte[8]))))),
                box("mvex", new byte[12]));
        return concat(box("ftyp", "iso6".getBytes(StandardCharsets.US_ASCII)), moov);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void theHeaderIsFlacsMarkerAndTheDflaBlocks() throws IOException {
        byte[] blocks = streamInfoBlocks();
        byte[] header = FlacInMp4.header(init(blocks));
        assertEquals("fLaC", new String(header, 0, 4, StandardCharsets.US_ASCII));
        assertArrayEquals(blocks, java.util.Arrays.copyOfRange(header, 4, header.length));
    }

    @Test
    void anInitSegmentWithoutFlacIsRefused() {
        byte[] opus = concat(box("ftyp", new byte[4]), box("moov", box("trak", box("mdia", box("minf", box("stbl",
                box("stsd", new byte[8], box("Opus", new byte[28], box("dOps", new byte[11])))))))));
        assertThrows(IOException.class, () -> FlacInMp4.header(opus));
        byte[] truncated = java.util.Arrays.copyOf(init(streamInfoBlocks()), 60);
        assertThrows(IOException.class, () -> FlacInMp4.header(truncated));
    }

    @Test
    void theMdatPayloadsAreFoundInOrderAcrossFragmentsAndLargeSizes(@TempDir Path folder) throws IOException {
        byte[] first = {1, 2, 3, 4, 5, 6, 7};
        byte[] second = {9, 8, 7};
        byte[] large = ByteBuffer.allocate(16 + second.length).putInt(1).put("mdat".getBytes(StandardCharsets.US_ASCII))
                .putLong(16 + second.length).put(second).array();
        byte[] styp = box("styp", new byte[8]);
        byte[] moof = box("moof", box("mfhd", new byte[8]), box("traf", new byte[40]));
        Path segment = Files.write(folder.resolve("segment_00001.m4s"), concat(styp, moof, box("mdat", first), moof, large));
        long firstAt = styp.length + moof.length + 8;
        long secondAt = firstAt + first.length + moof.length + 16;
        assertEquals(List.of(new FlacInMp4.Slice(firstAt, first.length), new FlacInMp4.Slice(secondAt, second.length)),
                FlacInMp4.mdatPayloads(segment));

        Path overrun = Files.write(folder.resolve("segment_00002.m4s"), java.util.Arrays.copyOf(box("mdat", first), 10));
        assertThrows(IOException.class, () -> FlacInMp4.mdatPayloads(overrun));
    }
}
