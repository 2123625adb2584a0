package org.coinfer.strategy.edgent.dynamic;

/**
 * Two-sided CUSUM (Page, Biometrika 1954) on the logarithm of the link rate: it sums how far
 * each observation lies above (below) the mean of the current segment, less a {@code drift}
 * that absorbs ordinary noise, and signals a change point when either sum passes
 * {@code threshold}; the segment then restarts at that observation. On log2 rates, a step of
 * 2x adds 1 - drift per observation. Not thread-safe.
 *
 * @param drift allowance per observation, in log2 units (0.25: changes under 19% are noise)
 * @param threshold decision interval, in log2 units
 */
public final class Cusum {
    private final double drift;
    private final double threshold;
    private double mean;
    private int n;
    private double up;
    private double down;

    public Cusum(double drift, double threshold) {
        if (!(drift >= 0) || !(threshold > 0)) {
            throw new IllegalArgumentException("CUSUM needs drift >= 0 and threshold > 0, found " + drift + " and " + threshold);
        }
        this.drift = drift;
        this.threshold = threshold;
    }

    /** Takes one rate; true when it starts a new segment (the first observation always does). */
    public boolean observe(double mbps) {
        if (!(mbps > 0)) {
            throw new IllegalArgumentException("rate must be positive, found " + mbps);
        }
        double x = Math.log(mbps) / Math.log(2);
        if (n == 0) {
            restart(x);
            return true;
        }
        up = Math.max(0, up + x - mean - drift);
        down = Math.max(0, down + mean - x - drift);
        if (up > threshold || down > threshold) {
            restart(x);
            return true;
        }
        n++;
        mean += (x - mean) / n;
        return false;
    }

    private void restart(double x) {
        mean = x;
        n = 1;
        up = 0;
        down = 0;
    }

    /** The current segment's rate: the geometric mean of its observations. */
    public double level() {
        if (n == 0) {
            throw new IllegalStateException("no rate observed yet");
        }
        return Math.pow(2, mean);
    }

    /** Observations in the current segment. */
    public int segmentLength() {
        return n;
    }
}
