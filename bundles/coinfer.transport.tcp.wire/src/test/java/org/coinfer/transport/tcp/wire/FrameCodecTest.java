package org.coinfer.transport.tcp.wire;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.coinfer.api.DType;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.Tensor;
import org.coinfer.testing.MemoryChannel;
import org.junit.Test;

public class FrameCodecTest {
    private static final long MAX = 1 << 20;
    private static final String HASH = "0123456789abcdef".repeat(4);
    private static final Tensor T = Tensor.ofFloats(new long[] {2, 3}, new float[] {1, -2, 3, -4, 5, -6});

    /** Writes frames to memory and returns a channel that reads them back. */
    private interface Writes {
        void to(FrameChannel ch) throws IOException;
    }

    private static FrameChannel roundTrip(Writes w) throws IOException {
        MemoryChannel sink = new MemoryChannel(new byte[0]);
        w.to(new FrameChannel(sink, 1000, MAX, null, null));
        return reader(sink.written());
    }

    private static FrameChannel reader(byte[] bytes) throws IOException {
        return new FrameChannel(new MemoryChannel(bytes), 1000, MAX, null, null);
    }

    @Test
    public void inferRequestAndReplyCarryTheTensor() throws IOException {
        FrameChannel r = roundTrip(w -> {
            w.write(FrameHeader.inferRequest(new InferenceRequest(7, "alexnet-b", HASH, 2, 5, T)), T.data());
            w.write(FrameHeader.inferReply(7, 12345, T), T.data());
        });
        FrameHeader req = r.readHeader(true);
        assertEquals(FrameType.INFER_REQUEST, req.type());
        assertEquals(7, req.requestId());
        assertEquals("alexnet-b", req.modelId());
        assertEquals(HASH, req.contentHash());
        assertEquals(2, req.exit());
        assertEquals(5, req.cut());
        assertEquals(DType.FLOAT32, req.dtype());
        assertArrayEquals(new long[] {2, 3}, req.shape());
        assertEquals(T, r.readTensor(req));
        FrameHeader rep = r.readHeader(true);
        assertEquals(FrameType.INFER_REPLY, rep.type());
        assertEquals(12345, rep.edgeNanos());
        assertEquals(T, r.readTensor(rep));
        assertNull("clean end between frames", r.readHeader(true));
    }

    @Test
    public void controlFramesRoundTrip() throws IOException {
        FrameType[] types = {FrameType.PING, FrameType.PONG, FrameType.PROBE_ACK, FrameType.PROFILE_REQUEST};
        FrameChannel r = roundTrip(w -> {
            for (int i = 0; i < types.length; i++) {
                w.write(FrameHeader.plain(types[i], 100 + i, i == 3 ? "resnet" : "", 0), null);
            }
        });
        for (int i = 0; i < types.length; i++) {
            FrameHeader h = r.readHeader(true);
            assertEquals(types[i], h.type());
            assertEquals(100 + i, h.requestId());
            assertEquals(0, h.payloadLength());
        }
    }

    @Test
    public void probeCarriesFillerLongerThanOneChunk() throws IOException {
        FrameChannel r = roundTrip(w -> w.writeFiller(FrameHeader.plain(FrameType.PROBE, 9, "", 200_000)));
        FrameHeader h = r.readHeader(true);
        assertEquals(FrameType.PROBE, h.type());
        assertEquals(200_000, h.payloadLength());
        r.skip(h.payloadLength());
        assertNull(r.readHeader(true));
        assertEquals(Wire.FIXED_BYTES + 200_000, r.bytesRead());
    }

    @Test
    public void profileReplyRoundTrips() throws IOException {
        HostProfile p = new HostProfile("m1", "sha256:ab", Host.EDGE, List.of(List.of(1.5, 2.25), List.of(), List.of(0.125)));
        ByteBuffer payload = Payloads.profile(p);
        FrameChannel r = roundTrip(w -> w.write(FrameHeader.plain(FrameType.PROFILE_REPLY, 3, "m1", payload.remaining()), payload));
        FrameHeader h = r.readHeader(true);
        assertEquals(FrameType.PROFILE_REPLY, h.type());
        assertEquals(p, Payloads.profile(h.modelId(), r.readPayload(h)));
    }

    @Test
    public void errorCarriesStatusAndMessage() throws IOException {
        ByteBuffer msg = Payloads.utf8("no edge executor ✗");
        FrameChannel r = roundTrip(w -> w.write(FrameHeader.error(4, Wire.NO_EXECUTOR, msg.remaining()), msg));
        FrameHeader h = r.readHeader(true);
        assertEquals(FrameType.ERROR, h.type());
        assertEquals(Wire.NO_EXECUTOR, h.status());
        assertEquals("no edge executor ✗", Payloads.utf8(r.readPayload(h)));
    }

    // ---- malformed frames: a valid INFER request with one field patched ----

    private static byte[] goodRequest() throws IOException {
        MemoryChannel sink = new MemoryChannel(new byte[0]);
        new FrameChannel(sink, 1000, MAX, null, null).write(FrameHeader.inferRequest(new InferenceRequest(42, "m", "", 1, 0, T)), T.data());
        return sink.written();
    }

    private static ProtocolException decodeFails(byte[] frame) throws IOException {
        FrameChannel r = reader(frame);
        try {
            r.readHeader(true);
        } catch (ProtocolException e) {
            return e;
        }
        fail("decoding should fail");
        return null;
    }

    @Test
    public void badMagicLosesSync() throws IOException {
        byte[] f = goodRequest();
        ByteBuffer.wrap(f).putInt(0, 0x12345678);
        ProtocolException e = decodeFails(f);
        assertEquals("bad frame magic 0x12345678, expected 0x43494E46", e.getMessage());
        assertFalse(e.inSync());
    }

    @Test
    public void unknownVersionLosesSync() throws IOException {
        byte[] f = goodRequest();
        f[Wire.VERSION_AT] = 9;
        ProtocolException e = decodeFails(f);
        assertEquals("unsupported protocol version 9, this side speaks " + Wire.VERSION + "", e.getMessage());
        assertFalse(e.inSync());
    }

    @Test
    public void unknownTypeKeepsSync() throws IOException {
        byte[] f = goodRequest();
        f[Wire.TYPE_AT] = 42;
        ProtocolException e = decodeFails(f);
        assertEquals("unknown frame type 42", e.getMessage());
        assertEquals(24, e.skip);
        assertEquals(42, e.requestId);
    }

    @Test
    public void aContentHashThatIsNoSha256IsRefused() throws IOException {
        byte[] f = goodRequest();
        f[Wire.HASH_LENGTH_AT] = 5;
        assertEquals("content hash of 5 bytes, expected 32 (SHA-256) or none", decodeFails(f).getMessage());
        try {
            FrameCodec.encode(FrameHeader.inferRequest(new InferenceRequest(1, "m", "abcd", 1, 0, T)));
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("content hash 'abcd' is not a SHA-256 in hex", e.getMessage());
        }
    }

    @Test
    public void unknownDtypeKeepsSync() throws IOException {
        byte[] f = goodRequest();
        f[Wire.DTYPE_AT] = 99;
        ProtocolException e = decodeFails(f);
        assertEquals("unsupported tensor element type code 99", e.getMessage());
        assertTrue(e.inSync());
    }

    @Test
    public void shapePayloadMismatchKeepsSync() throws IOException {
        byte[] f = goodRequest();
        ByteBuffer.wrap(f).putLong(Wire.FIXED_BYTES + 1 + 8, 4); // shape [2, 4] for 24 bytes
        ProtocolException e = decodeFails(f);
        assertEquals("tensor FLOAT32[2, 4] needs 32 bytes, frame payload has 24", e.getMessage());
        assertEquals(24, e.skip);
    }

    @Test
    public void oversizedPayloadIsRefused() throws IOException {
        byte[] f = goodRequest();
        ByteBuffer.wrap(f).putLong(Wire.PAYLOAD_LENGTH_AT, 5_000_000);
        ProtocolException e = decodeFails(f);
        assertEquals("frame payload 5000000 bytes exceeds the maximum 1048576", e.getMessage());
        assertEquals(Wire.TOO_LARGE, e.status);
        assertFalse(e.inSync());
    }

    @Test
    public void negativePayloadLengthIsRefused() throws IOException {
        byte[] f = goodRequest();
        ByteBuffer.wrap(f).putLong(Wire.PAYLOAD_LENGTH_AT, -5);
        assertEquals("negative frame payload length -5", decodeFails(f).getMessage());
    }

    @Test
    public void truncatedHeaderAndPayloadAreReported() throws IOException {
        byte[] f = goodRequest();
        assertEquals("truncated frame: connection closed after 12 of 45 bytes of the frame header",
                decodeFails(java.util.Arrays.copyOf(f, 12)).getMessage());
        FrameChannel r = reader(java.util.Arrays.copyOf(f, f.length - 4));
        FrameHeader h = r.readHeader(true);
        try {
            r.readTensor(h);
            fail();
        } catch (ProtocolException e) {
            assertEquals("truncated frame: connection closed after 20 of 24 bytes of the tensor payload", e.getMessage());
        }
    }

    @Test
    public void modelIdTooLongIsRejectedBothWays() {
        String id = "x".repeat(Wire.MAX_MODEL_ID_BYTES + 1);
        try {
            FrameCodec.encode(FrameHeader.plain(FrameType.PROFILE_REQUEST, 1, id, 0));
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("model id of 1025 bytes exceeds the maximum 1024", e.getMessage());
        }
    }
}
