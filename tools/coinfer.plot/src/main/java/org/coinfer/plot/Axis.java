package org.coinfer.plot;

/**
 * One axis: the data range it shows (padded, so markers at the extremes are not cut by the
 * frame) and the mapping of values to a fraction of its length, linear or logarithmic.
 */
final class Axis {
    /** Share of the data range added on each side, as most plotting tools do. */
    static final double PAD = 0.05;

    final boolean log;
    final boolean integers;
    /** The shown range, in data units. */
    final double lo;
    final double hi;

    private Axis(boolean log, boolean integers, double lo, double hi) {
        this.log = log;
        this.integers = integers;
        this.lo = lo;
        this.hi = hi;
    }

    /** The axis for data in [min, max]; values must be positive on a log axis. */
    static Axis of(double min, double max, boolean log, boolean integers) {
        if (!(min <= max) || Double.isInfinite(min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("axis data range [" + min + ", " + max + "] is not finite");
        }
        if (log) {
            if (!(min > 0)) {
                throw new IllegalArgumentException("log axis needs positive values, got " + min);
            }
            double a = Math.log10(min);
            double b = Math.log10(max);
            // A single value still needs a visible range: a factor of two either side.
            double pad = a == b ? Math.log10(2) : (b - a) * PAD;
            return new Axis(true, integers, Math.pow(10, a - pad), Math.pow(10, b + pad));
        }
        if (min == max) {
            double half = integers ? 1 : min == 0 ? 1 : Math.abs(min) * 0.1;
            return new Axis(false, integers, min - half, max + half);
        }
        double pad = (max - min) * PAD;
        return new Axis(false, integers, min - pad, max + pad);
    }

    /** Where {@code v} lies along the axis: 0 at {@link #lo}, 1 at {@link #hi}. */
    double fraction(double v) {
        return log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
    }

    /** Whether a value can be placed on this axis at all (a log axis has no place for 0). */
    boolean accepts(double v) {
        return accepts(log, v);
    }

    static boolean accepts(boolean log, double v) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    double[] ticks(int maxTicks) {
        return log ? Ticks.log(lo, hi, maxTicks) : Ticks.linear(lo, hi, maxTicks, integers);
    }
}
