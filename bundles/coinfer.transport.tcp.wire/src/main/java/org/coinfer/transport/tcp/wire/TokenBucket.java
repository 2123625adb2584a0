package org.coinfer.transport.tcp.wire;

import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces one direction of a connection to a bit rate, so a link can be emulated without root
 * (no tc). The arithmetic methods take the clock as an argument so tests need no sleeping.
 *
 * <p>The bucket holds up to ~10 ms of traffic (at least {@link #MIN_BURST_BYTES}). A waiter asks
 * for half a bucket, not a full one, so tokens that pile up while it oversleeps are kept and the
 * long-run rate stays exact despite coarse timers. Each frame starts from an empty bucket
 * ({@link #restart}): like a serial link, and unlike a plain token bucket, the link gives a
 * frame sent after a pause no head start, so a frame of {@code n} bytes takes {@code n/rate}
 * however small it is.
 */
public final class TokenBucket {
    static final long MIN_BURST_BYTES = 512;
    static final long BURST_NANOS = 10_000_000L;
    private static final double NANOS = 1e9;

    private double bytesPerSecond; // 0 means unlimited
    private double capacity;
    private double tokens;
    private long last;

    public TokenBucket(long bitsPerSecond, long now) {
        setRate(bitsPerSecond, now);
    }

    /** Changes the rate in place; tokens already earned are kept up to the new capacity. */
    public synchronized void setRate(long bitsPerSecond, long now) {
        if (bitsPerSecond < 0) {
            throw new IllegalArgumentException("negative rate " + bitsPerSecond + " bit/s");
        }
        boolean wasUnlimited = bytesPerSecond == 0;
        refill(now);
        bytesPerSecond = bitsPerSecond / 8.0;
        capacity = Math.max(MIN_BURST_BYTES, bytesPerSecond * BURST_NANOS / NANOS);
        tokens = wasUnlimited ? capacity : Math.min(tokens, capacity);
        last = now;
    }

    /** A frame begins: what was earned while the link sat idle is not kept. */
    public synchronized void restart(long now) {
        if (!unlimited()) {
            tokens = 0;
            last = Math.max(last, now);
        }
    }

    public synchronized boolean unlimited() {
        return bytesPerSecond == 0;
    }

    public synchronized long capacity() {
        return (long) capacity;
    }

    /** Bytes the caller may move now, up to {@code want}; 0 means wait {@link #nanosToWait}. */
    public synchronized long tryTake(long want, long now) {
        if (unlimited()) {
            return want;
        }
        refill(now);
        if (tokens < threshold(want)) {
            return 0;
        }
        long granted = Math.min(want, (long) tokens);
        tokens -= granted;
        return granted;
    }

    /** Nanoseconds until {@link #tryTake} would grant something for {@code want}. */
    public synchronized long nanosToWait(long want, long now) {
        if (unlimited()) {
            return 0;
        }
        refill(now);
        double deficit = threshold(want) - tokens;
        return deficit <= 0 ? 0 : (long) Math.ceil(deficit / bytesPerSecond * NANOS);
    }

    /** Returns tokens granted but not used (a read or write moved fewer bytes than allowed). */
    public synchronized void refund(long bytes) {
        if (!unlimited()) {
            tokens = Math.min(capacity, tokens + bytes);
        }
    }

    /** Blocks until some bytes may move and returns how many (at most {@code want}). */
    public long take(long want) throws InterruptedIOException {
        while (true) {
            long now = System.nanoTime();
            long granted = tryTake(want, now);
            if (granted > 0) {
                return granted;
            }
            LockSupport.parkNanos(nanosToWait(want, now));
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while pacing the link");
            }
        }
    }

    private double threshold(long want) {
        return Math.max(1, Math.min(want, capacity / 2));
    }

    private void refill(long now) {
        if (now > last) {
            tokens = Math.min(capacity, tokens + (now - last) * bytesPerSecond / NANOS);
            last = now;
        }
    }
}
