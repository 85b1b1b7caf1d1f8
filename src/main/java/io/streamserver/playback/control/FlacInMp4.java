package io.streamserver.playback.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads FLAC out of fragmented MP4 ("Encapsulation of FLAC in ISO Base Media File Format", xiph.org) without decoding:
 * the init segment's dfLa box holds the FLAC metadata blocks, STREAMINFO first and the last one flagged, and each
 * sample in an mdat is one whole FLAC frame. So "fLaC", those blocks, then every mdat's payload is a native FLAC file.
 */
public final class FlacInMp4 {

    /** Boxes on the way from the file's top level to the sample description. */
    private static final List<String> TO_STSD = List.of("moov", "trak", "mdia", "minf", "stbl", "stsd");
    /** An AudioSampleEntry's fields before its child boxes, after the box header (ISO/IEC 14496-12, 12.2.3). */
    private static final int AUDIO_SAMPLE_ENTRY_FIELDS = 28;

    /** A run of bytes inside a file. */
    public record Slice(long offset, long length) {
    }

    private FlacInMp4() {
    }

    /** The start of the native file: "fLaC" and the metadata blocks of the init segment's dfLa box. */
    public static byte[] header(byte[] init) throws IOException {
        ByteBuffer box = ByteBuffer.wrap(init);
        for (String type : TO_STSD) {
            box = child(box, type);
        }
        // stsd is a full box: version and flags, then the entry count, then the entries
        box.position(box.position() + 8);
        ByteBuffer entry = child(box, "fLaC");
        entry.position(entry.position() + AUDIO_SAMPLE_ENTRY_FIELDS);
        ByteBuffer dfla = child(entry, "dfLa");
        // dfLa is a full box too: its metadata blocks follow version and flags
        dfla.position(dfla.position() + 4);
        byte[] blocks = new byte[dfla.remaining()];
        dfla.get(blocks);
        if (blocks.length < 4 + 34 || (blocks[0] & 0x7f) != 0) {
            throw new IOException("the dfLa box does not start with a STREAMINFO block");
        }
        byte[] header = Arrays.copyOf("fLaC".getBytes(StandardCharsets.US_ASCII), 4 + blocks.length);
        System.arraycopy(blocks, 0, header, 4, blocks.length);
        return header;
    }

    /** Where the media segment's mdat payloads are, in file order; only box headers are read. */
    public static List<Slice> mdatPayloads(Path segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return mdatPayloads(segment.getFileName().toString(), channel.size(), channel::read);
        }
    }

    /** Reads bytes from a position into a buffer, as {@link FileChannel#read(ByteBuffer, long)} does: -1 at the end. */
    public interface Positional {
        int read(ByteBuffer buffer, long position) throws IOException;
    }

    /** Where the mdat payloads are in a media segment of that size; only box headers are read from it. */
    public static List<Slice> mdatPayloads(String name, long size, Positional file) throws IOException {
        List<Slice> payloads = new ArrayList<>();
        ByteBuffer header = ByteBuffer.allocate(16);
        long position = 0;
        while (position + 8 <= size) {
            header.clear().limit(8);
            readFully(file, header, position);
            long boxSize = Integer.toUnsignedLong(header.getInt(0));
            String type = new String(header.array(), 4, 4, StandardCharsets.US_ASCII);
            int headerSize = 8;
            if (boxSize == 1) {
                // the 64-bit size follows the type
                header.clear().position(8);
                readFully(file, header, position);
                boxSize = header.getLong(8);
                headerSize = 16;
            } else if (boxSize == 0) {
                boxSize = size - position;
            }
            if (boxSize < headerSize || position + boxSize > size) {
                throw new IOException(name + ": a box overruns the file at " + position);
            }
            if (type.equals("mdat")) {
                payloads.add(new Slice(position + headerSize, boxSize - headerSize));
            }
            position += boxSize;
        }
        return payloads;
    }

    /** The payload of the first child box of that type within the buffer's remaining bytes. */
    private static ByteBuffer child(ByteBuffer parent, String type) throws IOException {
        int position = parent.position();
        while (position + 8 <= parent.limit()) {
            long size = Integer.toUnsignedLong(parent.getInt(position));
            String found = new String(parent.array(), parent.arrayOffset() + position + 4, 4, StandardCharsets.US_ASCII);
            if (size < 8 || position + size > parent.limit()) {
                throw new IOException("a malformed " + found + " box in the init segment");
            }
            if (found.equals(type)) {
                return ByteBuffer.wrap(parent.array(), parent.arrayOffset() + position + 8, (int) size - 8).slice();
            }
            position += (int) size;
        }
        throw new IOException("the init segment has no " + type + " box");
    }

    /** Fills the buffer from its start with the file's bytes from {@code position}. */
    private static void readFully(Positional file, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }
}
