package org.coinfer.transport.tcp.server.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import org.coinfer.api.EdgeExecutor;
import org.coinfer.api.InferenceException;
import org.coinfer.api.Tensor;
import org.coinfer.transport.tcp.wire.FrameChannel;
import org.coinfer.transport.tcp.wire.FrameHeader;
import org.coinfer.transport.tcp.wire.FrameType;
import org.coinfer.transport.tcp.wire.Payloads;
import org.coinfer.transport.tcp.wire.ProtocolException;
import org.coinfer.transport.tcp.wire.TlsChannel;
import org.coinfer.transport.tcp.wire.Wire;

/** Serves one device connection: reads frames, answers each, until the device leaves. */
final class EdgeSession implements Runnable {
    private static final System.Logger LOG = System.getLogger(EdgeSession.class.getName());
    /** After a fatal error, how much of the device's remaining input to swallow before closing. */
    private static final long DRAIN_BYTES = 4 << 20;
    private static final long DRAIN_MS = 1000;

    private final TcpEdgeServer server;
    private final SocketChannel socket;
    /** Null in plaintext. */
    private final SSLEngine tls;
    private final ServerConfig config;
    private final String peer;
    private final long maxPayload;
    private volatile FrameChannel ch;
    /** Who the device proved to be (its certificate's subject), or that it did not. */
    private String identity = "(plaintext: not authenticated)";
    private Activity.Connected device;

    EdgeSession(TcpEdgeServer server, SocketChannel socket, SSLEngine tls, ServerConfig config) throws IOException {
        this.server = server;
        this.socket = socket;
        this.tls = tls;
        this.config = config;
        this.peer = String.valueOf(socket.getRemoteAddress());
        this.maxPayload = config.maxFrameBytes();
    }

    @Override
    public void run() {
        try {
            ch = open();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "refused {0}: TLS handshake failed: {1}", peer, e.getMessage());
            close();
            server.ended(this);
            return;
        }
        device = server.activity().connected(this, peer);
        device.identity = identity;
        try {
            serve();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "connection from {0} ended: {1}", peer, e.getMessage());
        } finally {
            server.activity().left(this);
            close();
            server.ended(this);
        }
    }

    /** With TLS, no frame is read before the device has proved a certificate the trust store vouches for. */
    private FrameChannel open() throws IOException {
        if (tls == null) {
            return new FrameChannel(socket, config.readTimeoutMs(), maxPayload, null, null);
        }
        TlsChannel t = TlsChannel.handshake(socket, tls, config.handshakeTimeoutMs());
        identity = t.peerName();
        LOG.log(Level.DEBUG, "{0} is {1}", peer, identity);
        return new FrameChannel(t, socket, config.readTimeoutMs(), maxPayload, null, null);
    }

    void close() {
        try {
            FrameChannel c = ch;
            if (c != null) {
                c.close();
            } else {
                socket.close();
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing connection from {0} failed", peer);
        }
    }

    private void serve() throws IOException {
        while (true) {
            FrameHeader h;
            try {
                h = ch.readHeader(true);
            } catch (ProtocolException e) {
                LOG.log(Level.DEBUG, "bad frame from {0}: {1}", peer, e.getMessage());
                if (!e.inSync()) {
                    replyError(e.requestId, e.status, e.getMessage());
                    ch.closeGracefully(DRAIN_BYTES, DRAIN_MS); // the stream is lost: say why, then close
                    return;
                }
                ch.skip(e.skip);
                error(e.requestId, e.status, e.getMessage());
                continue;
            } catch (SocketTimeoutException e) {
                replyError(0, Wire.TIMED_OUT, "timed out reading a frame: " + e.getMessage());
                ch.closeGracefully(DRAIN_BYTES, DRAIN_MS);
                return;
            }
            if (h == null) {
                return;
            }
            dispatch(h);
        }
    }

    private void dispatch(FrameHeader h) throws IOException {
        switch (h.type()) {
            case PING -> {
                ch.skip(h.payloadLength());
                ch.write(FrameHeader.plain(FrameType.PONG, h.requestId(), "", 0), null);
            }
            case PROBE -> {
                ch.skip(h.payloadLength()); // the ack must follow the last byte of filler
                ch.write(FrameHeader.plain(FrameType.PROBE_ACK, h.requestId(), "", 0), null);
            }
            case PROBE_DOWN -> probeDown(h);
            case INFER_REQUEST -> infer(h);
            case PROFILE_REQUEST -> {
                ch.skip(h.payloadLength());
                profile(h);
            }
            case LAYER_MODEL_REQUEST -> {
                ch.skip(h.payloadLength());
                layerModel(h);
            }
            default -> {
                ch.skip(h.payloadLength());
                error(h.requestId(), Wire.UNEXPECTED, "unexpected " + h.type() + " frame from a device");
            }
        }
    }

    /** Answers a downlink probe with the filler it asks for, within the frame size limit. */
    private void probeDown(FrameHeader h) throws IOException {
        if (h.payloadLength() != Wire.PROBE_DOWN_BYTES) {
            ch.skip(h.payloadLength());
            error(h.requestId(), Wire.BAD_FRAME, "PROBE_DOWN payload of " + h.payloadLength() + " bytes, expected "
                    + Wire.PROBE_DOWN_BYTES + " (the filler size asked for)");
            return;
        }
        long bytes = ch.readPayload(h).getLong();
        if (bytes < 0 || bytes > maxPayload) {
            error(h.requestId(), Wire.TOO_LARGE, "downlink probe of " + bytes + " bytes is outside 0.." + maxPayload);
            return;
        }
        ch.writeFiller(FrameHeader.plain(FrameType.PROBE_DATA, h.requestId(), "", bytes));
    }

    private void infer(FrameHeader h) throws IOException {
        EdgeExecutor ex = server.executor();
        if (ex == null) {
            ch.skip(h.payloadLength());
            error(h.requestId(), Wire.NO_EXECUTOR, "no edge executor");
            return;
        }
        Tensor in = ch.readTensor(h);
        Tensor out;
        device.requests.incrementAndGet();
        server.activity().started();
        long t0 = System.nanoTime();
        try {
            out = ex.finish(h.request(in));
        } catch (InferenceException | RuntimeException e) {
            server.activity().finished(h.modelId(), h.exit(), h.cut(), -1);
            error(h.requestId(), Wire.EXECUTOR_FAILED, messageOf(e));
            return;
        }
        long edgeNanos = System.nanoTime() - t0;
        server.activity().finished(h.modelId(), h.exit(), h.cut(), out == null ? -1 : edgeNanos);
        if (out == null) {
            error(h.requestId(), Wire.EXECUTOR_FAILED, "the edge executor returned no tensor");
        } else if (out.byteSize() > maxPayload) {
            error(h.requestId(), Wire.TOO_LARGE, "reply tensor of " + out.byteSize() + " bytes exceeds the maximum " + maxPayload);
        } else {
            ch.write(FrameHeader.inferReply(h.requestId(), edgeNanos, out), out.data());
        }
    }

    private void profile(FrameHeader h) throws IOException {
        // The requested id was validated on the way in; echo it rather than trust the executor's.
        answer(h, FrameType.PROFILE_REPLY, h.modelId(), ex -> Payloads.profile(ex.profile(h.modelId())));
    }

    private void layerModel(FrameHeader h) throws IOException {
        answer(h, FrameType.LAYER_MODEL_REPLY, "", ex -> Payloads.utf8(ex.layerModel()));
    }

    /** What a question to the executor produces as a reply's payload. */
    private interface Question {
        ByteBuffer ask(EdgeExecutor ex) throws InferenceException;
    }

    /** Asks the executor and sends its answer as a {@code type} frame, or why there is none as an error frame. */
    private void answer(FrameHeader h, FrameType type, String modelId, Question q) throws IOException {
        EdgeExecutor ex = server.executor();
        if (ex == null) {
            error(h.requestId(), Wire.NO_EXECUTOR, "no edge executor");
            return;
        }
        ByteBuffer payload;
        try {
            payload = q.ask(ex);
        } catch (InferenceException | RuntimeException e) {
            error(h.requestId(), Wire.EXECUTOR_FAILED, messageOf(e));
            return;
        }
        ch.write(FrameHeader.plain(type, h.requestId(), modelId, payload.remaining()), payload);
    }

    private void error(long id, int status, String message) throws IOException {
        ByteBuffer text = Payloads.utf8(message);
        ch.write(FrameHeader.error(id, status, text.remaining()), text);
    }

    /** Best effort before closing: the device may already be gone. */
    private void replyError(long id, int status, String message) {
        try {
            error(id, status, message);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not tell {0} about the error: {1}", peer, e.getMessage());
        }
    }

    private static String messageOf(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }
}
