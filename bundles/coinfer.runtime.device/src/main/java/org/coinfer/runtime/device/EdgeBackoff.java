package org.coinfer.runtime.device;

import java.util.function.LongSupplier;

/**
 * When to try the edge again after it failed. After a success at once; after a failure only
 * once a wait has passed that doubles from a tenth of the longest up to the longest. So a dead
 * edge costs requests nothing while it stays dead (they run on the device alone at once), and
 * co-inference resumes within the longest wait once it is back.
 */
final class EdgeBackoff {
    private final LongSupplier clock;
    private volatile long maxNanos;
    private long wait;
    private long retryAt;
    private long failedAt;
    private String reason = "";

    EdgeBackoff(LongSupplier clock, long maxMs) {
        this.clock = clock;
        configure(maxMs);
    }

    void configure(long maxMs) {
        this.maxNanos = Math.max(1, maxMs) * 1_000_000L;
    }

    /** Whether a request may try the edge now. */
    synchronized boolean open() {
        return clock.getAsLong() >= retryAt;
    }

    /** Why the edge is not tried now: the last failure, how long ago, and when it will be tried again. */
    synchronized String waiting() {
        long now = clock.getAsLong();
        return String.format(java.util.Locale.ROOT, "the edge failed %.0f ms ago (%s); it is tried again in %.0f ms",
                (now - failedAt) / 1e6, reason, Math.max(0, retryAt - now) / 1e6);
    }

    synchronized void failed(String why) {
        long now = clock.getAsLong();
        wait = wait == 0 ? Math.max(1, maxNanos / 10) : Math.min(maxNanos, wait * 2);
        failedAt = now;
        retryAt = now + wait;
        reason = why;
    }

    synchronized void succeeded() {
        wait = 0;
        retryAt = 0;
    }
}
