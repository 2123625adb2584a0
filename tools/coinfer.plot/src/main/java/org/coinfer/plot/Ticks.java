package org.coinfer.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/** Tick values people read at a glance: 1, 2 or 5 times a power of ten. */
final class Ticks {
    private static final double[] MANTISSAS = {1, 2, 5, 10};

    private Ticks() {
    }

    /**
     * At most {@code maxTicks} evenly spaced nice values in [lo, hi]; whole numbers only when
     * {@code integers} (an index such as an exit has no tick at 4.5).
     */
    static double[] linear(double lo, double hi, int maxTicks, boolean integers) {
        if (!(hi > lo) || Double.isInfinite(hi - lo)) {
            throw new IllegalArgumentException("tick range [" + lo + ", " + hi + "] is empty or not finite");
        }
        int intervals = Math.max(1, maxTicks - 1);
        double span = hi - lo;
        double magnitude = Math.pow(10, Math.floor(Math.log10(span / intervals)));
        double step = 10 * magnitude;
        for (double m : MANTISSAS) {
            if (span / (m * magnitude) <= intervals) {
                step = m * magnitude;
                break;
            }
        }
        if (integers) {
            step = Math.max(1, Math.rint(step));
        }
        List<Double> ticks = new ArrayList<>();
        // k * step rather than a running sum, so errors do not accumulate along the axis.
        long first = (long) Math.ceil(lo / step - 1e-9);
        long last = (long) Math.floor(hi / step + 1e-9);
        for (long k = first; k <= last; k++) {
            ticks.add(k == 0 ? 0.0 : k * step);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * At most {@code maxTicks} values in [lo, hi] for a log axis: 1, 2, 5 per decade when they fit,
     * else powers of ten (every decade, or every 2nd, 5th, ...); a range too narrow to hold
     * three of those gets linear ticks instead.
     */
    static double[] log(double lo, double hi, int maxTicks) {
        if (!(lo > 0) || !(hi > lo) || Double.isInfinite(hi)) {
            throw new IllegalArgumentException("log tick range [" + lo + ", " + hi + "] must be positive and not empty");
        }
        int d0 = (int) Math.floor(Math.log10(lo));
        int d1 = (int) Math.ceil(Math.log10(hi));
        List<Double> fine = decades(lo, hi, d0, d1, 1, new double[] {1, 2, 5});
        if (fine.size() < 3) {
            return linear(lo, hi, maxTicks, false);
        }
        if (fine.size() <= maxTicks) {
            return toArray(fine);
        }
        for (int magnitude = 1; ; magnitude *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                List<Double> coarse = decades(lo, hi, d0, d1, m * magnitude, new double[] {1});
                if (coarse.size() <= Math.max(2, maxTicks)) {
                    return toArray(coarse);
                }
            }
        }
    }

    private static List<Double> decades(double lo, double hi, int d0, int d1, int every, double[] mantissas) {
        List<Double> ticks = new ArrayList<>();
        for (int d = d0; d <= d1; d++) {
            if (Math.floorMod(d, every) != 0) {
                continue;
            }
            for (double m : mantissas) {
                // Dividing by an exact power of ten keeps 0.05 exact where 5 * 0.01 would not be.
                double v = d >= 0 ? m * Math.pow(10, d) : m / Math.pow(10, -d);
                if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
                    ticks.add(v);
                }
            }
        }
        return ticks;
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A tick's text: shortest plain form ("0.05", "250", "3"), exponent form only for extreme values. */
    static String label(double v) {
        if (v == 0) {
            return "0";
        }
        // Ten significant digits drop the float noise of k * step (0.30000000000000004).
        BigDecimal d = new BigDecimal(v).round(new MathContext(10)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e6 || a < 1e-4) {
            int exponent = d.precision() - d.scale() - 1;
            return d.movePointLeft(exponent).toPlainString() + "e" + exponent;
        }
        return d.toPlainString();
    }
}
