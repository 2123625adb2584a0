package org.coinfer.transport.tcp.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Map;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.Tensor;
import org.coinfer.testing.ComponentConfigs;
import org.coinfer.testing.MemoryChannel;
import org.coinfer.testing.NegatingEdge;
import org.coinfer.transport.tcp.wire.FrameChannel;
import org.coinfer.transport.tcp.wire.FrameHeader;
import org.coinfer.transport.tcp.wire.FrameType;
import org.coinfer.transport.tcp.wire.Payloads;
import org.coinfer.transport.tcp.wire.Wire;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Malformed frames sent to a real edge server over a raw socket. */
public class ServerErrorTest {
    private static final Tensor T = NegatingEdge.floats(6);
    private TcpEdgeServer server;
    private SocketChannel sc;
    private FrameChannel ch;

    @Before
    public void start() throws Exception {
        server = new TcpEdgeServer(ComponentConfigs.of(ServerConfig.class,
                Map.of("bindAddress", "127.0.0.1", "port", 0, "maxFrameBytes", 1 << 20, "readTimeoutMs", 2000, "plaintext", true)));
        server.setExecutor(NegatingEdge.EXECUTOR);
        sc = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
        ch = new FrameChannel(sc, 2000, 1 << 20, null, null); // blocking: the test's reads just wait
    }

    @After
    public void stop() throws Exception {
        ch.close();
        server.deactivate();
    }

    private static byte[] request(long id) throws IOException {
        MemoryChannel sink = new MemoryChannel(new byte[0]);
        new FrameChannel(sink, 1000, 1 << 20, null, null).write(FrameHeader.inferRequest(new InferenceRequest(id, "neg", "", 1, 0, T)), T.data());
        return sink.written();
    }

    private void send(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            sc.write(b);
        }
    }

    private void expectError(long id, int status, String message) throws IOException {
        FrameHeader h = ch.readHeader(false);
        assertEquals(FrameType.ERROR, h.type());
        assertEquals(id, h.requestId());
        assertEquals(status, h.status());
        assertEquals(message, Payloads.utf8(ch.readPayload(h)));
    }

    private void expectGoodRequestServed() throws IOException {
        send(request(77));
        FrameHeader h = ch.readHeader(false);
        assertEquals(FrameType.INFER_REPLY, h.type());
        assertEquals(77, h.requestId());
        assertEquals(-T.toFloats()[2], ch.readTensor(h).toFloats()[2], 0f);
    }

    @Test
    public void unknownDtypeIsReportedAndTheConnectionStaysUsable() throws IOException {
        byte[] f = request(5);
        f[Wire.DTYPE_AT] = 99;
        send(f);
        expectError(5, Wire.BAD_FRAME, "unsupported tensor element type code 99");
        expectGoodRequestServed();
    }

    @Test
    public void shapeMismatchAndUnknownTypeKeepTheConnection() throws IOException {
        byte[] f = request(6);
        ByteBuffer.wrap(f).putLong(Wire.FIXED_BYTES + 3 + 8, 7);
        send(f);
        expectError(6, Wire.BAD_FRAME, "tensor FLOAT32[1, 7] needs 28 bytes, frame payload has 24");
        byte[] g = request(8);
        g[Wire.TYPE_AT] = 42;
        send(g);
        expectError(8, Wire.BAD_FRAME, "unknown frame type 42");
        expectGoodRequestServed();
    }

    @Test
    public void replyFramesFromADeviceAreRefusedInStep() throws IOException {
        ch.write(FrameHeader.plain(FrameType.PONG, 3, "", 0), null);
        expectError(3, Wire.UNEXPECTED, "unexpected PONG frame from a device");
        expectGoodRequestServed();
    }

    @Test
    public void oversizedFrameIsReportedThenClosed() throws IOException {
        byte[] f = request(9);
        ByteBuffer.wrap(f).putLong(Wire.PAYLOAD_LENGTH_AT, 5_000_000);
        send(java.util.Arrays.copyOf(f, Wire.FIXED_BYTES));
        expectError(9, Wire.TOO_LARGE, "frame payload 5000000 bytes exceeds the maximum 1048576");
        assertNull("the server closed cleanly", ch.readHeader(false));
    }

    @Test
    public void badMagicIsReportedThenClosed() throws IOException {
        byte[] f = request(1);
        f[0] = 'X';
        send(f);
        expectError(0, Wire.BAD_FRAME, "bad frame magic 0x58494E46, expected 0x43494E46");
        assertNull(ch.readHeader(false));
    }

    @Test
    public void badVersionIsReportedThenClosed() throws IOException {
        byte[] f = request(1);
        f[Wire.VERSION_AT] = 1;
        send(f);
        expectError(0, Wire.BAD_FRAME, "unsupported protocol version 1, this side speaks " + Wire.VERSION + "");
        assertNull(ch.readHeader(false));
    }

    @Test
    public void truncatedFrameIsReportedThenClosed() throws IOException {
        send(java.util.Arrays.copyOf(request(1), 12));
        sc.shutdownOutput();
        expectError(0, Wire.BAD_FRAME, "truncated frame: connection closed after 12 of 45 bytes of the frame header");
        assertNull(ch.readHeader(false));
    }
}
