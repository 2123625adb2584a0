package org.coinfer.bench;

import java.util.Arrays;

/** Order statistics of repeated measurements; medians because a shared machine has outliers. */
final class Stats {
    private Stats() {
    }

    static double median(double[] xs) {
        return quantile(xs, 0.5);
    }

    /** Linear interpolation between the closest ranks; the input is not modified. */
    static double quantile(double[] xs, double q) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be in [0, 1], found " + q);
        }
        double[] s = xs.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }
}
