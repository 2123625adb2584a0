package org.coinfer.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;

/** A blocking in-memory channel: reads from given bytes (then end of stream), collects writes. */
public final class MemoryChannel implements ByteChannel, GatheringByteChannel {
    private final ByteBuffer in;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean open = true;

    public MemoryChannel(byte[] input) {
        in = ByteBuffer.wrap(input);
    }

    public byte[] written() {
        return out.toByteArray();
    }

    @Override
    public int read(ByteBuffer dst) {
        if (!in.hasRemaining()) {
            return -1;
        }
        int n = Math.min(dst.remaining(), in.remaining());
        dst.put(in.slice().limit(n));
        in.position(in.position() + n);
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        byte[] b = new byte[n];
        src.get(b);
        out.write(b, 0, n);
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += write(srcs[i]);
        }
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs) {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
