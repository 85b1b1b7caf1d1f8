package io.streamserver.playback.control;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The audio elementary stream of an MPEG-TS file (ISO/IEC 13818-1), without decoding: the payloads of the audio PES
 * packets, in order. For AAC those are ADTS frames, for MP3 MPEG audio frames, so laid end to end they are a plain
 * .aac or .mp3 file. The audio stream is the first PID whose PES packets carry an audio stream id (0xC0 to 0xDF).
 */
public final class TsAudio {

    static final int PACKET = 188;
    private static final int SYNC = 0x47;

    /** A run of bytes inside the file. */
    public record Slice(int offset, int length) {
    }

    private TsAudio() {
    }

    /** Where the audio payload bytes are in one MPEG-TS file that starts on a packet boundary. */
    public static List<Slice> payloads(byte[] ts) throws IOException {
        if (ts.length % PACKET != 0) {
            throw new IOException("not a whole number of " + PACKET + "-byte MPEG-TS packets: " + ts.length + " bytes");
        }
        List<Slice> slices = new ArrayList<>();
        int audioPid = -1;
        for (int packet = 0; packet < ts.length; packet += PACKET) {
            if ((ts[packet] & 0xff) != SYNC) {
                throw new IOException("no MPEG-TS sync byte at " + packet);
            }
            boolean unitStart = (ts[packet + 1] & 0x40) != 0;
            int pid = (ts[packet + 1] & 0x1f) << 8 | ts[packet + 2] & 0xff;
            int adaptation = (ts[packet + 3] >> 4) & 0x3;
            if ((adaptation & 0x1) == 0) {
                continue; // adaptation field only, no payload
            }
            int start = packet + 4 + ((adaptation & 0x2) != 0 ? 1 + (ts[packet + 4] & 0xff) : 0);
            int end = packet + PACKET;
            if (start > end) {
                throw new IOException("an adaptation field overruns the packet at " + packet);
            }
            if (unitStart) {
                boolean pes = end - start >= 9 && ts[start] == 0 && ts[start + 1] == 0 && ts[start + 2] == 1;
                int streamId = pes ? ts[start + 3] & 0xff : -1;
                if (audioPid < 0 && streamId >= 0xC0 && streamId <= 0xDF) {
                    audioPid = pid;
                }
                if (pid != audioPid) {
                    continue;
                }
                if (!pes) {
                    throw new IOException("the audio PID's unit at " + packet + " is not a PES packet");
                }
                // an audio PES header: start code and id (4), length (2), flags (2), header length (1), optional fields
                start += 9 + (ts[start + 8] & 0xff);
                if (start > end) {
                    throw new IOException("a PES header overruns the packet at " + packet);
                }
            } else if (pid != audioPid) {
                continue;
            }
            if (end > start) {
                slices.add(new Slice(start, end - start));
            }
        }
        return slices;
    }

    /** How many audio payload bytes the file holds. */
    public static long size(byte[] ts) throws IOException {
        return payloads(ts).stream().mapToLong(Slice::length).sum();
    }
}
