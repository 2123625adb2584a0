package org.coinfer.runtime.device;

import java.util.Locale;

/**
 * The link as a model of every exchange that crossed it:
 * {@code time = RTT + up bytes / B_up + down bytes / B_down}, fitted by recursive least
 * squares over the exchanges, written as a small (extended) Kalman filter so that it also knows
 * how sure it is. The bandwidths are kept as logarithms: their uncertainty is relative (10% of
 * whatever the rate is), an exchange corrects each term in proportion to the share of its time
 * that term explains, and a direction an exchange hardly uses can drift neither to zero nor to
 * infinity on noise.
 *
 * <p>Each exchange corrects the parameters in proportion to how much of its time they explain
 * and how uncertain they are: a request that ships 3 kB mostly measures the uplink, a downlink
 * probe the downlink. Uncertainty grows while nothing measures the link. An exchange whose time
 * the model misses by far more than its uncertainty allows is a step change of the link, in the
 * direction that exchange moved most bytes: that direction is then taken from the exchange
 * alone, so one exchange after a step is enough to follow it. A request's step is taken to move
 * the other direction by the same factor until a probe of that direction says otherwise.
 */
final class LinkModel {
    static final int RTT = 0;
    static final int UP = 1;
    static final int DOWN = 2;
    /** Relative measurement noise of an exchange's time, and absolute (scheduling) jitter in seconds. */
    static final double NOISE_REL = 0.05;
    static final double NOISE_ABS = 0.0001;
    /** How fast trust fades while nothing measures the link: relative drift of a bandwidth per sqrt(second). */
    static final double DRIFT = 0.05;
    /** A miss by more than this many standard deviations, and by this share of the time, is a step. */
    static final double STEP_SIGMAS = 3;
    static final double STEP_SHARE = 0.2;
    /** Relative uncertainty of a direction that probably changed but was not measured. */
    static final double DOUBT = 1;
    /** Bounds that keep the bandwidths physical: between 1 bit/s and 1 Tbit/s. */
    static final double MIN_SECONDS_PER_BYTE = 8e-12;
    static final double MAX_SECONDS_PER_BYTE = 8;

    /** RTT in seconds; log of seconds per byte up; log of seconds per byte down. */
    private final double[] theta;
    private final double[][] cov = new double[3][3];
    private long at;

    /** A model that knows the link only roughly: each bandwidth to within its own size, the RTT to 1 ms. */
    LinkModel(double rttSeconds, double upSecondsPerByte, double downSecondsPerByte, long nowNanos) {
        theta = new double[] {Math.max(0, rttSeconds), Math.log(bounded(upSecondsPerByte)), Math.log(bounded(downSecondsPerByte))};
        cov[RTT][RTT] = square(theta[RTT]) + square(0.001);
        cov[UP][UP] = 1;
        cov[DOWN][DOWN] = 1;
        at = nowNanos;
    }

    /**
     * Fits one exchange: {@code up} bytes sent, {@code down} received, {@code seconds} on the
     * network (its far end's compute time taken out). Returns whether it was a step change.
     *
     * @param probe the exchange measures one direction on purpose (a probe): a step it shows
     *     is that direction's alone; a request's step is taken to move both directions
     */
    boolean observe(long up, long down, double seconds, long nowNanos, boolean probe) {
        age(nowNanos);
        // d(time)/d(parameter): 1 for the RTT, the term's own time for a log bandwidth.
        double[] h = {1, up * perByte(UP), down * perByte(DOWN)};
        double[] ph = times(cov, h);
        double noise = square(NOISE_REL * seconds) + square(NOISE_ABS);
        double s = dot(h, ph) + noise;
        double miss = seconds - predict(up, down);
        int measured = up >= down ? UP : DOWN;
        if (Math.abs(miss) > STEP_SIGMAS * Math.sqrt(s) && Math.abs(miss) > STEP_SHARE * seconds && (up > 0 || down > 0)) {
            restart(measured, measured == UP ? up : down, measured == UP ? down : up, seconds, noise, !probe);
            return true;
        }
        for (int j = 0; j < 3; j++) {
            theta[j] += ph[j] * miss / s;
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                cov[i][j] -= ph[i] * ph[j] / s;
            }
        }
        clamp();
        return false;
    }

    /** Predicted network time of an exchange, in seconds. */
    double predict(long up, long down) {
        return theta[RTT] + up * perByte(UP) + down * perByte(DOWN);
    }

    double rttSeconds() {
        return theta[RTT];
    }

    double upBitsPerSecond() {
        return 8 / perByte(UP);
    }

    double downBitsPerSecond() {
        return 8 / perByte(DOWN);
    }

    /** Relative standard error of a bandwidth (UP or DOWN) as of {@code nowNanos}, drift included. */
    double spread(int direction, long nowNanos) {
        double idle = Math.max(0, nowNanos - at) / 1e9;
        return Math.sqrt(cov[direction][direction] + square(DRIFT) * idle);
    }

    /** Standard error of the RTT in seconds. */
    double rttSpread() {
        return Math.sqrt(Math.max(0, cov[RTT][RTT]));
    }

    private double perByte(int direction) {
        return Math.exp(theta[direction]);
    }

    /** Lets trust fade for the time nothing measured the link. */
    private void age(long nowNanos) {
        double idle = Math.max(0, nowNanos - at) / 1e9;
        cov[UP][UP] += square(DRIFT) * idle;
        cov[DOWN][DOWN] += square(DRIFT) * idle;
        at = Math.max(at, nowNanos);
    }

    /**
     * A step of the direction an exchange mostly measured: the old value says nothing of the
     * new one, so that direction is taken from this exchange alone (its time less what the
     * rest of the model explains), known as well as one exchange tells. The other direction
     * often changes with it (a shared medium, a weaker signal): within this exchange it is not
     * taken to be slower per byte than this one; with {@code both} it is scaled by the same
     * factor; either way it is made uncertain enough to be measured again soon.
     */
    private void restart(int direction, long bytes, long otherBytes, double seconds, double noise, boolean both) {
        int other = direction == UP ? DOWN : UP;
        double transfer = Math.max(0, seconds - theta[RTT]);
        double otherTime = Math.min(otherBytes * perByte(other), transfer * otherBytes / (bytes + otherBytes));
        double logFactor = Math.log(bounded((transfer - otherTime) / bytes)) - theta[direction];
        theta[direction] += logFactor;
        if (both) {
            theta[other] += logFactor;
        }
        for (int k = 0; k < 3; k++) {
            for (int j : new int[] {direction, other}) {
                cov[j][k] = 0;
                cov[k][j] = 0;
            }
        }
        // One exchange tells its transfer time to within its noise: that is the relative error.
        cov[direction][direction] = noise / square(Math.max(transfer - otherTime, 1e-9));
        cov[other][other] = square(DOUBT);
        clamp();
    }

    private void clamp() {
        theta[RTT] = Math.max(0, theta[RTT]);
        theta[UP] = Math.log(bounded(Math.exp(theta[UP])));
        theta[DOWN] = Math.log(bounded(Math.exp(theta[DOWN])));
    }

    private static double bounded(double secondsPerByte) {
        return Math.max(MIN_SECONDS_PER_BYTE, Math.min(MAX_SECONDS_PER_BYTE, secondsPerByte));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "up %.4f Mbit/s (spread %.0f%%), down %.4f Mbit/s (spread %.0f%%), RTT %.2f ms (+-%.2f)",
                upBitsPerSecond() / 1e6, 100 * Math.sqrt(cov[UP][UP]), downBitsPerSecond() / 1e6, 100 * Math.sqrt(cov[DOWN][DOWN]),
                theta[RTT] * 1e3, rttSpread() * 1e3);
    }

    private static double[] times(double[][] m, double[] v) {
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            out[i] = dot(m[i], v);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double square(double x) {
        return x * x;
    }
}
