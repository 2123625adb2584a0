package org.coinfer.transport.tcp.wire;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** Pure arithmetic on a simulated clock: no sleeping, no wall-clock assertions. */
public class TokenBucketTest {
    private static final long MS = 1_000_000L;

    @Test
    public void startsWithOneBurstAndRefillsAtTheRate() {
        TokenBucket b = new TokenBucket(80_000, 0); // 10,000 B/s; 10 ms is 100 B, so the 512 B floor applies
        assertEquals(512, b.capacity());
        assertEquals(512, b.tryTake(10_000, 0));
        assertEquals(0, b.tryTake(10_000, 0));
        // waits for half a bucket: 256 B at 10 B/ms
        assertEquals(25_600_000, b.nanosToWait(10_000, 0));
        assertEquals(256, b.tryTake(10_000, 25_600_000));
    }

    @Test
    public void smallRequestsNeedOnlyTheirOwnSize() {
        TokenBucket b = new TokenBucket(80_000, 0);
        b.tryTake(512, 0);
        assertEquals(1_000_000, b.nanosToWait(10, 0));
        assertEquals(10, b.tryTake(10, MS));
    }

    @Test
    public void idleTimeFillsNoMoreThanTheCapacity() {
        TokenBucket b = new TokenBucket(10_000_000, 0); // 1.25 MB/s: 10 ms = 12,500 B
        assertEquals(12_500, b.capacity());
        b.tryTake(12_500, 0);
        assertEquals(12_500, b.tryTake(1_000_000, 60_000 * MS));
    }

    @Test
    public void aFrameGetsNoHeadStartFromTheIdleTimeBeforeIt() {
        TokenBucket b = new TokenBucket(80_000, 0); // 10 B/ms
        b.restart(60_000 * MS);
        assertEquals("an empty bucket after a minute idle", 0, b.tryTake(100, 60_000 * MS));
        assertEquals("100 B take 10 ms", 10 * MS, b.nanosToWait(100, 60_000 * MS));
        TokenBucket unlimited = new TokenBucket(0, 0);
        unlimited.restart(MS);
        assertEquals(100, unlimited.tryTake(100, MS));
    }

    @Test
    public void refundReturnsUnusedTokens() {
        TokenBucket b = new TokenBucket(80_000, 0);
        long got = b.tryTake(512, 0);
        b.refund(got - 100);
        assertEquals(412, b.tryTake(1000, 0));
    }

    @Test
    public void zeroRateIsUnlimited() {
        TokenBucket b = new TokenBucket(0, 0);
        assertTrue(b.unlimited());
        assertEquals(1L << 40, b.tryTake(1L << 40, 0));
        assertEquals(0, b.nanosToWait(1L << 40, 0));
    }

    @Test
    public void rateChangeKeepsEarnedTokensUpToTheNewCapacity() {
        TokenBucket b = new TokenBucket(10_000_000, 0);
        b.setRate(80_000, 0);
        assertEquals(512, b.tryTake(100_000, 0));
        b.setRate(0, 0);
        assertEquals(100_000, b.tryTake(100_000, 0));
        b.setRate(80_000, 0); // back from unlimited: a fresh burst
        assertEquals(512, b.tryTake(100_000, 0));
    }

    /** A pacer whose timer always oversleeps by 0.3 ms still moves bytes at the configured rate. */
    @Test
    public void longRunRateIsExactDespiteOversleeping() {
        for (long bps : new long[] {50_000, 1_000_000, 10_000_000}) {
            TokenBucket b = new TokenBucket(bps, 0);
            long now = 0;
            long moved = 0;
            long target = bps / 8 * 20; // 20 simulated seconds
            while (moved < target) {
                long got = b.tryTake(target - moved, now);
                if (got == 0) {
                    now += b.nanosToWait(target - moved, now) + 300_000;
                }
                moved += got;
            }
            double seconds = now / 1e9;
            double ratio = moved * 8 / seconds / bps;
            assertTrue(bps + " bit/s gave ratio " + ratio, ratio > 0.99 && ratio < 1.01);
        }
    }
}
