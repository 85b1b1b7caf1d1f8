package io.streamserver.playback.control;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** With packets built by hand; that ffmpeg's real segments become an .aac that decodes as HLS does is CodecPlaybackIT's. */
public class TsAudioTest {

    /** A transport stream and the audio bytes its PES packets carry. */
    public record Stream(byte[] ts, byte[] audio) {
    }

    /**
     * PAT and PMT-like packets on other PIDs, then two audio PES packets on PID 0x100: the first with a PCR in an
     * adaptation field and a PTS in its header, continued over plain packets, one with stuffing, one without payload.
     */
    public static Stream stream(long seed) {
        Random random = new Random(seed);
        ByteArrayOutputStream ts = new ByteArrayOutputStream();
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        ts.writeBytes(packet(0x000, true, null, bytes(random, 184)));
        ts.writeBytes(packet(0x1000, true, null, bytes(random, 184)));
        for (int unit = 0; unit < 2; unit++) {
            byte[] pesHeader = {0, 0, 1, (byte) 0xC0, 0, 0, (byte) 0x80, (byte) 0x80, 5, 0x21, 0, 1, 0, 1};
            byte[] first = bytes(random, 184 - 8 - pesHeader.length);
            ts.writeBytes(packet(0x100, true, new byte[7], concat(pesHeader, first)));
            audio.writeBytes(first);
            byte[] plain = bytes(random, 184);
            ts.writeBytes(packet(0x100, false, null, plain));
            audio.writeBytes(plain);
            ts.writeBytes(packet(0x1000, false, null, bytes(random, 184)));
            ts.writeBytes(packet(0x100, false, new byte[183], new byte[0]));
            byte[] stuffed = bytes(random, 184 - 101);
            ts.writeBytes(packet(0x100, false, new byte[100], stuffed));
            audio.writeBytes(stuffed);
        }
        return new Stream(ts.toByteArray(), audio.toByteArray());
    }

    private static byte[] packet(int pid, boolean unitStart, byte[] adaptation, byte[] payload) {
        byte[] packet = new byte[TsAudio.PACKET];
        packet[0] = 0x47;
        packet[1] = (byte) ((unitStart ? 0x40 : 0) | pid >> 8);
        packet[2] = (byte) pid;
        int control = (adaptation != null ? 0x2 : 0) | (payload.length > 0 ? 0x1 : 0);
        packet[3] = (byte) (control << 4);
        int position = 4;
        if (adaptation != null) {
            packet[position++] = (byte) adaptation.length;
            System.arraycopy(adaptation, 0, packet, position, adaptation.length);
            position += adaptation.length;
        }
        if (position + payload.length != TsAudio.PACKET) {
            throw new IllegalArgumentException("a packet is 188 bytes: " + (position + payload.length));
        }
        System.arraycopy(payload, 0, packet, position, payload.length);
        return packet;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void theAudioPayloadsAreTheBytesOfTheAudioPesPackets() throws IOException {
        Stream stream = stream(3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (TsAudio.Slice slice : TsAudio.payloads(stream.ts())) {
            out.write(stream.ts(), slice.offset(), slice.length());
        }
        assertArrayEquals(stream.audio(), out.toByteArray());
        assertEquals(stream.audio().length, TsAudio.size(stream.ts()));
    }

    @Test
    void aFileThatIsNotMpegTsIsRefused() {
        byte[] ts = stream(4).ts();
        assertThrows(IOException.class, () -> TsAudio.payloads(Arrays.copyOf(ts, ts.length - 1)));
        byte[] unsynced = ts.clone();
        unsynced[TsAudio.PACKET * 2] = 0x46;
        assertThrows(IOException.class, () -> TsAudio.payloads(unsynced));
    }
}
