package org.coinfer.transport.tcp.client.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceReply;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.Tensor;
import org.coinfer.transport.tcp.wire.EdgeError;
import org.coinfer.transport.tcp.wire.FrameChannel;
import org.coinfer.transport.tcp.wire.FrameHeader;
import org.coinfer.transport.tcp.wire.FrameType;
import org.coinfer.transport.tcp.wire.Payloads;
import org.coinfer.transport.tcp.wire.ProtocolException;
import org.coinfer.transport.tcp.wire.Wire;

/** The device's side of each exchange, over one connection; one exchange at a time. */
final class EdgeClient {
    private final FrameChannel ch;

    EdgeClient(FrameChannel ch) {
        this.ch = ch;
    }

    long ping(long id) throws IOException {
        long t0 = System.nanoTime();
        ch.write(FrameHeader.plain(FrameType.PING, id, "", 0), null);
        ch.skip(expect(FrameType.PONG, id).payloadLength());
        return System.nanoTime() - t0;
    }

    long probe(long id, long bytes) throws IOException {
        long t0 = System.nanoTime();
        ch.writeFiller(FrameHeader.plain(FrameType.PROBE, id, "", bytes));
        ch.skip(expect(FrameType.PROBE_ACK, id).payloadLength());
        return System.nanoTime() - t0;
    }

    /** Asks for {@code bytes} of filler; the time runs until its last byte is read. */
    long probeDown(long id, long bytes) throws IOException {
        long t0 = System.nanoTime();
        ch.write(FrameHeader.plain(FrameType.PROBE_DOWN, id, "", Wire.PROBE_DOWN_BYTES),
                ByteBuffer.allocate(Wire.PROBE_DOWN_BYTES).putLong(0, bytes));
        ch.skip(expect(FrameType.PROBE_DATA, id).payloadLength());
        return System.nanoTime() - t0;
    }

    String layerModel(long id) throws IOException {
        ch.write(FrameHeader.plain(FrameType.LAYER_MODEL_REQUEST, id, "", 0), null);
        return Payloads.utf8(ch.readPayload(expect(FrameType.LAYER_MODEL_REPLY, id)));
    }

    HostProfile profile(long id, String modelId) throws IOException {
        ch.write(FrameHeader.plain(FrameType.PROFILE_REQUEST, id, modelId, 0), null);
        FrameHeader h = expect(FrameType.PROFILE_REPLY, id);
        return Payloads.profile(h.modelId(), ch.readPayload(h));
    }

    InferenceReply infer(InferenceRequest r) throws IOException {
        long sent0 = ch.bytesWritten();
        long read0 = ch.bytesRead();
        long t0 = System.nanoTime();
        ch.write(FrameHeader.inferRequest(r), r.tensor().data());
        FrameHeader h = expect(FrameType.INFER_REPLY, r.id());
        Tensor out = ch.readTensor(h);
        long rtt = System.nanoTime() - t0;
        return new InferenceReply(r.id(), out, h.edgeNanos(), rtt, ch.bytesWritten() - sent0, ch.bytesRead() - read0);
    }

    /** Reads the reply header; an ERROR becomes {@link EdgeError}, anything else unexpected closes. */
    private FrameHeader expect(FrameType type, long id) throws IOException {
        FrameHeader h = ch.readHeader(false);
        if (h == null) {
            throw new EOFException("the edge closed the connection before replying");
        }
        if (h.type() == FrameType.ERROR) {
            throw new EdgeError(Payloads.utf8(ch.readPayload(h)));
        }
        if (h.type() != type || h.requestId() != id) {
            throw ProtocolException.outOfSync("expected " + type + " for request " + id + ", got " + h.type()
                    + " for request " + h.requestId(), Wire.UNEXPECTED, id);
        }
        return h;
    }
}
