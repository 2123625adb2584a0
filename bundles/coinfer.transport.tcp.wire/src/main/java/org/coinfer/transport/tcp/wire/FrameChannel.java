package org.coinfer.transport.tcp.wire;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import org.coinfer.api.Tensor;

/**
 * Frames over one byte channel. With a non-blocking socket it waits through its own selector, so
 * every wait has a timeout (blocking NIO reads ignore SO_TIMEOUT). Writes gather header and
 * payload into one system call; tensor payloads are read straight into the buffer that becomes
 * the {@link Tensor}. Each direction may be paced by a {@link TokenBucket}.
 *
 * <p>Not thread-safe: one reader-writer at a time; {@link #close} may come from any thread.
 */
public final class FrameChannel implements Closeable {
    /**
     * Heap buffers move in slices: the JDK stages each heap read or write in a per-thread
     * temporary direct buffer as large as the request, so unsliced a 64 MiB tensor would pin
     * 64 MiB of native memory per thread.
     */
    private static final int HEAP_SLICE = 1 << 20;
    private static final int FILLER_BYTES = 64 * 1024;

    private final ByteChannel ch;
    private final Selector selector;
    private final SelectionKey key;
    private final TokenBucket up;
    private final TokenBucket down;
    private final ByteBuffer fixed = ByteBuffer.allocate(Wire.FIXED_BYTES);
    private ByteBuffer scratch;
    private volatile long timeoutMs;
    private volatile long maxPayload;
    private long bytesRead;
    private long bytesWritten;

    /** @param up paces writes, or null; @param down paces reads, or null */
    public FrameChannel(ByteChannel ch, long timeoutMs, long maxPayload, TokenBucket up, TokenBucket down) throws IOException {
        this(ch, ch instanceof SelectableChannel sc ? sc : null, timeoutMs, maxPayload, up, down);
    }

    /** Frames over TLS: bytes go through {@code tls}, waits go to the socket under it. */
    public FrameChannel(TlsChannel tls, SocketChannel socket, long timeoutMs, long maxPayload, TokenBucket up, TokenBucket down)
            throws IOException {
        this((ByteChannel) tls, socket, timeoutMs, maxPayload, up, down);
    }

    private FrameChannel(ByteChannel ch, SelectableChannel waitOn, long timeoutMs, long maxPayload, TokenBucket up,
            TokenBucket down) throws IOException {
        this.ch = ch;
        this.up = up;
        this.down = down;
        if (waitOn != null && !waitOn.isBlocking()) {
            selector = Selector.open();
            key = waitOn.register(selector, 0);
        } else {
            selector = null;
            key = null;
        }
        limits(timeoutMs, maxPayload);
    }

    public void limits(long timeoutMs, long maxPayload) {
        this.timeoutMs = timeoutMs;
        this.maxPayload = maxPayload;
    }

    public long bytesRead() {
        return bytesRead;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    /**
     * Reads the next header. With {@code idle} the wait for its first byte has no timeout.
     * Returns null if the peer closed the connection cleanly between frames.
     */
    public FrameHeader readHeader(boolean idle) throws IOException {
        fixed.clear();
        if (!readFully(fixed, true, idle, "frame header")) {
            return null;
        }
        FrameCodec.Prefix p = FrameCodec.decodePrefix(fixed.flip(), maxPayload);
        ByteBuffer var = ByteBuffer.allocate(p.variableBytes());
        readFully(var, false, false, "frame header");
        return FrameCodec.decodeRest(p, var.flip());
    }

    /**
     * Reads a tensor payload into one buffer that becomes the tensor. It is a heap buffer: heap
     * pages are recycled by the GC, while each fresh direct buffer pays for page faults (measured
     * here: 64 MiB allocateDirect took ~300 ms, five times the transfer itself).
     */
    public Tensor readTensor(FrameHeader h) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(h.payloadLength()));
        readFully(data, false, false, "tensor payload");
        return new Tensor(h.dtype(), h.shape(), data.flip());
    }

    /** Reads a small payload (message, profile) into a heap buffer. */
    public ByteBuffer readPayload(FrameHeader h) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(h.payloadLength()));
        readFully(b, false, false, "frame payload");
        return b.flip();
    }

    /** Reads and drops {@code n} bytes without holding them all. */
    public void skip(long n) throws IOException {
        ByteBuffer s = scratch();
        while (n > 0) {
            s.clear().limit((int) Math.min(n, s.capacity()));
            readFully(s, false, false, "frame payload");
            n -= s.limit();
        }
    }

    public void write(FrameHeader h, ByteBuffer payload) throws IOException {
        ByteBuffer head = FrameCodec.encode(h);
        frameStarts(up);
        if (payload == null) {
            writeFully(head);
        } else {
            writeFully(head, payload.duplicate());
        }
    }

    /** Writes a frame whose payload is {@code h.payloadLength()} zero bytes, without allocating them. */
    public void writeFiller(FrameHeader h) throws IOException {
        ByteBuffer head = FrameCodec.encode(h);
        frameStarts(up);
        ByteBuffer zeros = scratch();
        long left = h.payloadLength();
        do {
            int n = (int) Math.min(left, zeros.capacity());
            writeFully(head, zeros.duplicate().clear().limit(n));
            left -= n;
        } while (left > 0);
    }

    /**
     * True if the peer sent something, or closed, while this connection sat idle: a request
     * sent now would fail or read a stale answer.
     */
    public boolean staleWhileIdle() throws IOException {
        if (selector == null) {
            return false;
        }
        key.interestOps(SelectionKey.OP_READ);
        boolean readable = selector.selectNow(k -> { }) > 0;
        return readable && (!(ch instanceof TlsChannel tls) || tls.newsWhileIdle());
    }

    /**
     * Closes after an error that lost the stream: sends FIN, then reads and drops what the peer
     * still sends for a moment. Closing with unread input would make the kernel send a reset,
     * which can destroy the ERROR frame before the peer reads it.
     */
    public void closeGracefully(long maxDrainBytes, long drainMs) {
        try {
            if (ch instanceof SocketChannel || ch instanceof TlsChannel) {
                if (ch instanceof TlsChannel tls) {
                    tls.shutdownOutput();
                } else {
                    ((SocketChannel) ch).shutdownOutput();
                }
                limits(drainMs, maxPayload);
                ByteBuffer s = scratch();
                for (long n = 0; n < maxDrainBytes; n += s.position()) {
                    s.clear();
                    if (!readFully(s, true, false, "rest of the stream")) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            // the peer kept talking or timed out; a reset is acceptable now
        } finally {
            try {
                close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (selector != null) {
                selector.close(); // wakes a thread blocked in select
            }
        } finally {
            ch.close();
        }
    }

    private ByteBuffer scratch() {
        if (scratch == null) {
            scratch = ByteBuffer.allocateDirect(FILLER_BYTES);
        }
        return scratch;
    }

    /**
     * Returns false only when {@code frameStart} and the peer closed before the first byte;
     * {@code idle} lifts the timeout on the wait for that first byte.
     */
    private boolean readFully(ByteBuffer dst, boolean frameStart, boolean idle, String what) throws IOException {
        int start = dst.position();
        int total = dst.remaining();
        if (frameStart) {
            frameStarts(down);
        }
        while (dst.hasRemaining()) {
            int want = dst.isDirect() ? dst.remaining() : Math.min(dst.remaining(), HEAP_SLICE);
            int allowed = (int) (down == null ? want : down.take(want));
            int limit = dst.limit();
            dst.limit(dst.position() + allowed);
            int n;
            try {
                n = ch.read(dst);
            } finally {
                dst.limit(limit);
            }
            if (down != null) {
                down.refund(allowed - Math.max(n, 0));
            }
            if (n < 0) {
                int got = dst.position() - start;
                if (frameStart && got == 0) {
                    return false;
                }
                throw ProtocolException.outOfSync("truncated frame: connection closed after " + got + " of " + total
                        + " bytes of the " + what, Wire.BAD_FRAME, 0);
            }
            bytesRead += n;
            if (n == 0) {
                boolean nothingYet = dst.position() == start;
                await(SelectionKey.OP_READ, idle && nothingYet, what);
                if (frameStart && nothingYet) {
                    frameStarts(down); // the frame starts to cross the link now, not when the wait began
                }
            }
        }
        return true;
    }

    /** A shaped direction gives a new frame no head start: see {@link TokenBucket#restart}. */
    private static void frameStarts(TokenBucket bucket) {
        if (bucket != null) {
            bucket.restart(System.nanoTime());
        }
    }

    private void writeFully(ByteBuffer... bufs) throws IOException {
        int first = 0;
        while (first < bufs.length) {
            if (!bufs[first].hasRemaining()) {
                first++;
                continue;
            }
            long want = 0;
            for (int i = first; i < bufs.length; i++) {
                want += bufs[i].remaining();
            }
            long allowed = up == null ? want : up.take(want);
            long n = writeSome(bufs, first, allowed);
            if (up != null) {
                up.refund(allowed - n);
            }
            bytesWritten += n;
            if (n == 0) {
                await(SelectionKey.OP_WRITE, false, "frame");
            }
        }
        while (ch instanceof TlsChannel tls && !tls.flush()) {
            await(SelectionKey.OP_WRITE, false, "frame"); // its last record must leave before the peer can answer
        }
    }

    /** One gathering write of at most {@code allowed} bytes, in order, from {@code bufs[first..]}. */
    private long writeSome(ByteBuffer[] bufs, int first, long allowed) throws IOException {
        int[] limits = new int[bufs.length];
        int last = first;
        for (int i = first; i < bufs.length; i++) {
            ByteBuffer b = bufs[i];
            limits[i] = b.limit();
            int cap = (int) Math.min(b.remaining(), Math.min(allowed, b.isDirect() ? Integer.MAX_VALUE : HEAP_SLICE));
            b.limit(b.position() + cap);
            allowed -= cap;
            last = i;
            if (b.limit() < limits[i] || allowed == 0) {
                break; // a later buffer must not overtake the unwritten rest of this one
            }
        }
        try {
            if (ch instanceof GatheringByteChannel g) {
                return g.write(bufs, first, last - first + 1);
            }
            long n = 0;
            for (int i = first; i <= last; i++) {
                n += ch.write(bufs[i]);
                if (bufs[i].hasRemaining()) {
                    break;
                }
            }
            return n;
        } finally {
            for (int i = first; i <= last; i++) {
                bufs[i].limit(limits[i]);
            }
        }
    }

    private void await(int op, boolean unbounded, String what) throws IOException {
        if (selector == null) {
            return; // a blocking channel never returns 0 without progress but the loop is safe anyway
        }
        long wait = unbounded ? 0 : timeoutMs;
        long deadline = System.nanoTime() + wait * 1_000_000L;
        try {
            key.interestOps(op);
            while (selector.select(k -> { }, wait) == 0) {
                if (Thread.currentThread().isInterrupted() || !selector.isOpen()) {
                    throw new AsynchronousCloseException();
                }
                if (!unbounded) {
                    wait = (deadline - System.nanoTime()) / 1_000_000L;
                    if (wait <= 0) {
                        throw new SocketTimeoutException((op == SelectionKey.OP_READ ? "no data for " : "peer stopped reading for ")
                                + timeoutMs + " ms while transferring the " + what);
                    }
                }
            }
        } catch (ClosedSelectorException e) {
            throw new AsynchronousCloseException();
        }
    }
}
