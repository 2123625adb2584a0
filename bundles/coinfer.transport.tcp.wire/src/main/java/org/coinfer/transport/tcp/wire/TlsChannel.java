package org.coinfer.transport.tcp.wire;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * TLS over a non-blocking socket with the JDK's {@link SSLEngine}, as a byte channel that never
 * blocks: {@link FrameChannel} keeps waiting on the socket through its own selector, so its
 * timeouts and interruptions work unchanged. A read returns 0 only when the socket has no more
 * bytes for a whole record; a write that leaves encrypted bytes behind is finished by
 * {@link #flush}, which the frame channel calls until it succeeds.
 *
 * <p>Not thread-safe, like the frame channel; {@link #close} may come from any thread.
 */
public final class TlsChannel implements ByteChannel, GatheringByteChannel {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel socket;
    private final SSLEngine engine;
    /** Encrypted bytes read but not yet unwrapped; kept ready for writing into. */
    private ByteBuffer netIn;
    /** Encrypted bytes wrapped but not yet sent; kept ready for reading from. */
    private ByteBuffer netOut;
    /** Decrypted bytes not yet handed out; kept ready for reading from. */
    private ByteBuffer appIn;
    private boolean inboundDone;

    private TlsChannel(SocketChannel socket, SSLEngine engine) {
        this.socket = socket;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        netIn = ByteBuffer.allocate(packet);
        netOut = ByteBuffer.allocate(packet).flip();
        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
    }

    /**
     * Runs the handshake on a connected non-blocking socket within {@code timeoutMs}. Fails with
     * the engine's reason (an untrusted or missing certificate, say) after sending the peer its
     * alert, so that side learns why too.
     */
    public static TlsChannel handshake(SocketChannel socket, SSLEngine engine, long timeoutMs) throws IOException {
        TlsChannel t = new TlsChannel(socket, engine);
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        try (Selector selector = Selector.open()) {
            SelectionKey key = socket.register(selector, 0);
            engine.beginHandshake();
            try {
                t.handshake(key, deadline, timeoutMs);
            } catch (SSLException e) {
                t.sendAlert(key, deadline);
                throw e;
            } finally {
                key.cancel();
                selector.selectNow(); // deregisters, so the frame channel's selector may take the socket
            }
        }
        return t;
    }

    /** The identity the peer proved in the handshake. */
    public String peerName() {
        try {
            return engine.getSession().getPeerPrincipal().getName();
        } catch (SSLException e) {
            return "(unauthenticated)";
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        while (true) {
            if (appIn.hasRemaining()) {
                int n = Math.min(dst.remaining(), appIn.remaining());
                dst.put(appIn.slice().limit(n));
                appIn.position(appIn.position() + n);
                return n;
            }
            if (inboundDone) {
                return -1;
            }
            switch (unwrap()) {
                case OK -> {
                    afterRecord();
                }
                case BUFFER_UNDERFLOW -> {
                    int n = fill();
                    if (n < 0) {
                        inboundDone = true; // cut without close_notify: the frame layer reports what was lost
                        return -1;
                    }
                    if (n == 0) {
                        return 0;
                    }
                }
                case CLOSED -> inboundDone = true;
                default -> throw new IllegalStateException("unexpected TLS unwrap status"); // overflow is handled in unwrap
            }
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /** Wraps at most one record when nothing is pending; returns the plain bytes it took. */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (!flush()) {
            return 0;
        }
        SSLEngineResult r = wrap(srcs, offset, length);
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new ClosedChannelException();
        }
        flush();
        return r.bytesConsumed();
    }

    /** Sends what is wrapped and pending; false if the socket cannot take it all now. */
    public boolean flush() throws IOException {
        while (netOut.hasRemaining()) {
            if (socket.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads what arrived while the connection sat idle. Session tickets and key updates are not
     * news; application data or the end of the stream are: returns true then.
     */
    public boolean newsWhileIdle() throws IOException {
        int n = read(EMPTY);
        return n < 0 || appIn.hasRemaining();
    }

    /** Says close_notify and half-closes, as far as the socket takes it without waiting. */
    public void shutdownOutput() throws IOException {
        engine.closeOutbound();
        wrap(new ByteBuffer[] {EMPTY}, 0, 1);
        flush();
        socket.shutdownOutput();
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            if (socket.isOpen() && !engine.isOutboundDone()) {
                engine.closeOutbound();
                wrap(new ByteBuffer[] {EMPTY}, 0, 1);
                flush(); // best effort: a reset is acceptable when the peer is not reading
            }
        } catch (IOException | RuntimeException e) {
            // closing anyway
        } finally {
            socket.close();
        }
    }

    private void handshake(SelectionKey key, long deadline, long timeoutMs) throws IOException {
        while (true) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NEED_WRAP -> {
                    wrap(new ByteBuffer[] {EMPTY}, 0, 1);
                    while (!flush()) {
                        await(key, SelectionKey.OP_WRITE, deadline, timeoutMs);
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult.Status s = unwrap();
                    if (s == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        int n = fill();
                        if (n < 0) {
                            throw new EOFException("the peer closed the connection during the TLS handshake");
                        }
                        if (n == 0) {
                            await(key, SelectionKey.OP_READ, deadline, timeoutMs);
                        }
                    } else if (s == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("the peer ended the TLS handshake");
                    }
                }
                case NEED_TASK -> runTasks();
                default -> {
                    return; // FINISHED or NOT_HANDSHAKING
                }
            }
        }
    }

    /** After a failed handshake the engine holds an alert for the peer: send it if the socket takes it soon. */
    private void sendAlert(SelectionKey key, long deadline) {
        try {
            engine.closeOutbound();
            wrap(new ByteBuffer[] {EMPTY}, 0, 1);
            long alertDeadline = Math.min(deadline, System.nanoTime() + 200_000_000L);
            while (!flush() && System.nanoTime() < alertDeadline) {
                await(key, SelectionKey.OP_WRITE, alertDeadline, 200);
            }
        } catch (IOException | RuntimeException e) {
            // the handshake's own failure is what the caller reports
        }
    }

    private static void await(SelectionKey key, int op, long deadline, long timeoutMs) throws IOException {
        long waitMs = (deadline - System.nanoTime()) / 1_000_000L;
        if (waitMs <= 0) {
            throw new SocketTimeoutException("timed out: not finished within " + timeoutMs + " ms");
        }
        key.interestOps(op);
        key.selector().select(waitMs);
        if (Thread.currentThread().isInterrupted()) {
            throw new java.io.InterruptedIOException("interrupted during the TLS handshake");
        }
    }

    /** Unwraps one record from {@link #netIn} into {@link #appIn}, growing buffers the session needs larger. */
    private SSLEngineResult.Status unwrap() throws SSLException {
        while (true) {
            netIn.flip();
            appIn.compact();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                appIn.flip();
                netIn.compact();
            }
            switch (r.getStatus()) {
                case BUFFER_OVERFLOW -> appIn = withRoom(appIn, engine.getSession().getApplicationBufferSize());
                case BUFFER_UNDERFLOW -> {
                    netIn = withSpace(netIn, engine.getSession().getPacketBufferSize());
                    return r.getStatus();
                }
                default -> {
                    return r.getStatus();
                }
            }
        }
    }

    /** Wraps into {@link #netOut} behind what is still pending there. */
    private SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length) throws SSLException {
        while (true) {
            netOut.compact();
            SSLEngineResult r;
            try {
                r = engine.wrap(srcs, offset, length, netOut);
            } finally {
                netOut.flip();
            }
            if (r.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return r;
            }
            netOut = withRoom(netOut, engine.getSession().getPacketBufferSize());
        }
    }

    /** A record read after the handshake may ask for work: delegated tasks, or a reply (a key update). */
    private void afterRecord() throws IOException {
        HandshakeStatus hs = engine.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) {
            runTasks();
            hs = engine.getHandshakeStatus();
        }
        if (hs == HandshakeStatus.NEED_WRAP) {
            wrap(new ByteBuffer[] {EMPTY}, 0, 1);
            flush(); // what the socket does not take now goes out before the next write
        }
    }

    private int fill() throws IOException {
        return socket.read(netIn);
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** {@code b} (content between position and limit) or a copy of it with {@code room} bytes free after its content. */
    private static ByteBuffer withRoom(ByteBuffer b, int room) {
        if (b.capacity() - b.remaining() >= room) {
            return b;
        }
        return ByteBuffer.allocate(b.remaining() + room).put(b).flip();
    }

    /** {@code b} (content before position) if it has space left, else a copy in a buffer of at least {@code size} bytes. */
    private static ByteBuffer withSpace(ByteBuffer b, int size) {
        if (b.hasRemaining()) {
            return b;
        }
        return ByteBuffer.allocate(Math.max(size, b.capacity() * 2)).put(b.flip());
    }
}
