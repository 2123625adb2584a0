package org.coinfer.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Compares two workloads in alternating batches, so drift from other processes on the shared
 * machine hits both sides alike; the ratio is the median of the per-round ratios A/B.
 */
final class Paired {
    /** One unit of work; the result feeds a sink so the JIT cannot drop it. */
    @FunctionalInterface
    interface Work {
        Object run() throws Exception;
    }

    /** Medians of nanoseconds per call, and the median paired ratio a/b. */
    record Result(double aNanos, double bNanos, double ratio, double ratioQ1, double ratioQ3) {
    }

    private static int sink;

    private Paired() {
    }

    /**
     * Calls in a batch so that one batch takes about {@code targetNanos}, from the fastest of
     * five short windows: a window in which another process held the core would overstate it.
     */
    static int batchSize(Work w, long targetNanos) throws Exception {
        double perCall = Double.MAX_VALUE;
        for (int window = 0; window < 5; window++) {
            long start = System.nanoTime();
            int calls = 0;
            do {
                sink += System.identityHashCode(w.run());
                calls++;
            } while (System.nanoTime() - start < 10_000_000L);
            perCall = Math.min(perCall, (System.nanoTime() - start) / (double) calls);
        }
        return (int) Math.max(1, Math.round(targetNanos / perCall));
    }

    static void warm(Work w, long nanos) throws Exception {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            sink += System.identityHashCode(w.run());
        }
    }

    /** One untimed call first: the other side's sessions just ran, so this one's caches are cold. */
    static long time(Work w, int batch) throws Exception {
        sink += System.identityHashCode(w.run());
        long t0 = System.nanoTime();
        for (int i = 0; i < batch; i++) {
            sink += System.identityHashCode(w.run());
        }
        return System.nanoTime() - t0;
    }

    /** {@code rounds} pairs of batches, back to back. */
    static Result compare(Work a, Work b, int batch, int rounds) throws Exception {
        Series s = new Series(rounds);
        for (int r = 0; r < rounds; r++) {
            s.measure(a, b, batch);
        }
        return s.result();
    }

    /** Pairs collected one at a time, so several comparisons can take turns within a round. */
    static final class Series {
        private final double[] an;
        private final double[] bn;
        private final double[] ratio;
        private final SplittableRandom order = new SplittableRandom(2018);
        private int n;

        Series(int capacity) {
            an = new double[capacity];
            bn = new double[capacity];
            ratio = new double[capacity];
        }

        /** One pair of batches, in random order so neither side always follows the same work. */
        void measure(Work a, Work b, int batch) throws Exception {
            long ta;
            long tb;
            if (order.nextBoolean()) {
                ta = time(a, batch);
                tb = time(b, batch);
            } else {
                tb = time(b, batch);
                ta = time(a, batch);
            }
            an[n] = ta / (double) batch;
            bn[n] = tb / (double) batch;
            ratio[n] = ta / (double) tb;
            n++;
        }

        Result result() {
            double[] a = Arrays.copyOf(an, n);
            double[] b = Arrays.copyOf(bn, n);
            double[] r = Arrays.copyOf(ratio, n);
            return new Result(Stats.median(a), Stats.median(b), Stats.median(r),
                    Stats.quantile(r, 0.25), Stats.quantile(r, 0.75));
        }
    }
}
