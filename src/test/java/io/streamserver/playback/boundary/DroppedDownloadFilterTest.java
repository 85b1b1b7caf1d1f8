package io.streamserver.playback.boundary;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DroppedDownloadFilterTest {

    /** The container's stream, recording what reaches it; writes fail once the client has gone. */
    private static final class Connection extends ServletOutputStream {
        final List<String> calls = new ArrayList<>();
        boolean gone;

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            calls.add("write " + length);
            if (gone) {
                throw new IOException("Broken pipe");
            }
        }

        @Override
        public void flush() throws IOException {
            calls.add("flush");
            if (gone) {
                throw new IOException("Connection is closed");
            }
        }

        @Override
        public void close() {
            calls.add("close");
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }
    }

    @Test
    void aConnectionThatHoldsIsFlushedAndClosed() throws IOException {
        Connection connection = new Connection();
        DroppedDownloadFilter.Stream stream = new DroppedDownloadFilter.Stream(connection);
        stream.write(new byte[10], 0, 10);
        stream.flush();
        stream.close();
        assertEquals(List.of("write 10", "flush", "close"), connection.calls);
    }

    /** What Jersey does after the entity's write failed: flush and close, which must not fail a second time. */
    @Test
    void afterAFailedWriteFlushAndCloseDoNothing() throws IOException {
        Connection connection = new Connection();
        DroppedDownloadFilter.Stream stream = new DroppedDownloadFilter.Stream(connection);
        stream.write(new byte[10], 0, 10);
        connection.gone = true;
        assertThrows(IOException.class, () -> stream.write(new byte[10], 0, 10), "the writer learns that the client has gone");
        stream.flush();
        stream.close();
        assertThrows(IOException.class, () -> stream.write(new byte[10], 0, 10));
        assertEquals(List.of("write 10", "write 10"), connection.calls, "nothing more reaches the broken connection");
    }

    @Test
    void aFailedFlushCountsToo() throws IOException {
        Connection connection = new Connection();
        DroppedDownloadFilter.Stream stream = new DroppedDownloadFilter.Stream(connection);
        connection.gone = true;
        assertThrows(IOException.class, stream::flush);
        stream.close();
        assertEquals(List.of("flush"), connection.calls);
    }
}
