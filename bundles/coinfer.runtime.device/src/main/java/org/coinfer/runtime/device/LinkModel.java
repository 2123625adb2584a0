package org.coinfer.runtime.device;

import java.util.Locale;

/**
 * The link as a model of every exchange that crossed it:
 * {@code time = RTT + up bytes / B_up + down bytes / B_down}, fitted by recursive least
 * squares over the exchanges, written as a small (iterated, extended) Kalman filter so that it
 * also knows how sure it is. The bandwidths are kept as logarithms: their uncertainty is
 * relative (10% of whatever the rate is), an exchange corrects each term in proportion to the
 * share of its time that term explains, and a direction an exchange hardly uses can drift
 * neither to zero nor to infinity on noise.
 *
 * <p>A request that ships 3 kB mostly measures the uplink, a downlink probe the downlink, a ping
 * the RTT. Uncertainty grows while nothing measures the link.
 * A request the model misses by far more than its uncertainty allows is either a step of the
 * link, in the bandwidth that request mostly measured (what changes most on the links this is
 * for), or an outlier (a pause of the JVM, a retransmission). One that ran quicker changes
 * nothing unless the next request misses the same way: then that term is taken from the
 * quicker of the two requests alone. One that ran slower is believed at once, provisionally: a
 * request planned on a link that just dropped misses its requirement, one planned on a link
 * taken for slower than it is only takes an earlier exit. If the next request fits the model
 * as it was before, the slow one was an outlier and the model returns to that. A ping or probe
 * that misses that far is believed at once: it is a measurement of one term made on purpose. A
 * request's step of a bandwidth is taken to move the other direction by the same factor until
 * a probe of that direction says otherwise.
 */
final class LinkModel {
    static final int RTT = 0;
    static final int UP = 1;
    static final int DOWN = 2;
    /** Relative measurement noise of an exchange's time, and absolute (scheduling) jitter in seconds. */
    static final double NOISE_REL = 0.05;
    static final double NOISE_ABS = 0.0002;
    /** How fast trust fades while nothing measures the link: relative drift of a bandwidth per sqrt(second). */
    static final double DRIFT = 0.05;
    /** Drift of the RTT, in seconds per sqrt(second): routes and queues change too. */
    static final double RTT_DRIFT = 0.0001;
    /** A miss by more than this many standard deviations, and by this share of the time, is out of line. */
    static final double STEP_SIGMAS = 3;
    static final double STEP_SHARE = 0.2;
    /** Relative uncertainty of a direction that probably changed but was not measured. */
    static final double DOUBT = 1;
    /** Bounds that keep the bandwidths physical: between 1 bit/s and 1 Tbit/s. */
    static final double MIN_SECONDS_PER_BYTE = 8e-12;
    static final double MAX_SECONDS_PER_BYTE = 8;
    /** Gauss-Newton iterations of an update: one is enough near the estimate, a few when a term moves by a large factor. */
    private static final int ITERATIONS = 4;

    /** RTT in seconds; log of seconds per byte up; log of seconds per byte down. */
    private final double[] theta;
    private final double[][] cov = new double[3][3];
    private long at;
    /** The sign of the last request's miss when it was out of line, else 0; and that request. */
    private int pending;
    private long pendingUp;
    private long pendingDown;
    private double pendingSeconds;
    /** The model before a slow request was believed at once, until the next request settles it. */
    private double[] beforeTheta;
    private double[][] beforeCov;

    /** A model that knows the link only roughly: each bandwidth to within its own size, the RTT to 1 ms. */
    LinkModel(double rttSeconds, double upSecondsPerByte, double downSecondsPerByte, long nowNanos) {
        theta = new double[] {Math.max(0, rttSeconds), Math.log(bounded(upSecondsPerByte)), Math.log(bounded(downSecondsPerByte))};
        cov[RTT][RTT] = square(theta[RTT]) + square(0.001);
        cov[UP][UP] = 1;
        cov[DOWN][DOWN] = 1;
        at = nowNanos;
    }

    /** What an exchange is, so what a step it shows is a step of. */
    enum Kind {
        /** Mostly measures the direction it moved more bytes in; a step is taken to move both directions. */
        REQUEST,
        /** Measures the round trip. */
        PING,
        /** Measures the uplink alone. */
        UPLINK_PROBE,
        /** Measures the downlink alone. */
        DOWNLINK_PROBE
    }

    /**
     * Fits one exchange: {@code up} bytes sent, {@code down} received, {@code seconds} on the
     * network (its far end's compute time taken out). Returns whether it showed a step change.
     */
    boolean observe(long up, long down, double seconds, long nowNanos, Kind kind) {
        age(nowNanos);
        double noise = square(NOISE_REL * seconds) + square(NOISE_ABS);
        double miss = seconds - predict(theta, up, down);
        if (!outOfLine(theta, cov, up, down, seconds, miss, noise)) {
            settle();
            update(up, down, seconds, noise);
            return false;
        }
        int sign = miss > 0 ? 1 : -1;
        if (kind == Kind.REQUEST && pending > 0 && sign < 0
                && !outOfLine(beforeTheta, beforeCov, up, down, seconds, seconds - predict(beforeTheta, up, down), noise)) {
            // The slow request was an outlier: this one fits the model from before it.
            copy(beforeTheta, beforeCov, theta, cov);
            settle();
            update(up, down, seconds, noise);
            return true;
        }
        if (kind == Kind.REQUEST && pending != sign) {
            settle();
            pending = sign; // the next request confirms or undoes it; a probe is trusted at once
            pendingUp = up;
            pendingDown = down;
            pendingSeconds = seconds;
            if (sign < 0) {
                return false;
            }
            beforeTheta = new double[3];
            beforeCov = new double[3][3];
            copy(theta, cov, beforeTheta, beforeCov);
            return restart(up >= down ? UP : DOWN, up, down, seconds, noise, true);
        }
        if (kind == Kind.REQUEST && pendingSeconds / (pendingUp + pendingDown) < seconds / (up + down)) {
            // Of the two requests that show the step, the quicker per byte: delays (retransmissions,
            // pauses) only ever make an exchange slower, so it is the one less disturbed.
            up = pendingUp;
            down = pendingDown;
            seconds = pendingSeconds;
            noise = square(NOISE_REL * seconds) + square(NOISE_ABS);
        }
        settle();
        int term = switch (kind) {
            case REQUEST -> up >= down ? UP : DOWN;
            case PING -> RTT;
            case UPLINK_PROBE -> UP;
            case DOWNLINK_PROBE -> DOWN;
        };
        if (!restart(term, up, down, seconds, noise, kind == Kind.REQUEST)) {
            update(up, down, seconds, noise);
        }
        return true;
    }

    /**
     * Whether the last request ran quicker than the model allows and the next decides whether the
     * link stepped. A slow one already counts: a probe may settle it.
     */
    boolean unsettled() {
        return pending < 0;
    }

    private void settle() {
        pending = 0;
        beforeTheta = null;
        beforeCov = null;
    }

    /** Copies a model's state (estimate and covariance) into another's arrays. */
    private static void copy(double[] fromTheta, double[][] fromCov, double[] toTheta, double[][] toCov) {
        System.arraycopy(fromTheta, 0, toTheta, 0, 3);
        for (int i = 0; i < 3; i++) {
            System.arraycopy(fromCov[i], 0, toCov[i], 0, 3);
        }
    }

    /** Whether an exchange misses the model by far more than its uncertainty allows, and by a good share of its time. */
    private static boolean outOfLine(double[] t, double[][] c, long up, long down, double seconds, double miss, double noise) {
        double[] h = gradient(up, down, t);
        double s = dot(h, times(c, h)) + noise;
        return Math.abs(miss) > STEP_SIGMAS * Math.sqrt(s) && Math.abs(miss) > STEP_SHARE * seconds;
    }

    /** Predicted network time of an exchange, in seconds. */
    double predict(long up, long down) {
        return predict(theta, up, down);
    }

    private static double predict(double[] t, long up, long down) {
        return t[RTT] + up * Math.exp(t[UP]) + down * Math.exp(t[DOWN]);
    }

    double rttSeconds() {
        return theta[RTT];
    }

    double upBitsPerSecond() {
        return 8 / Math.exp(theta[UP]);
    }

    double downBitsPerSecond() {
        return 8 / Math.exp(theta[DOWN]);
    }

    /** Relative standard error of a bandwidth (UP or DOWN) as of {@code nowNanos}, drift included. */
    double spread(int direction, long nowNanos) {
        double idle = Math.max(0, nowNanos - at) / 1e9;
        return Math.sqrt(Math.max(0, cov[direction][direction]) + square(DRIFT) * idle);
    }

    /** Standard error of the RTT in seconds. */
    double rttSpread() {
        return Math.sqrt(Math.max(0, cov[RTT][RTT]));
    }

    /** d(time)/d(parameter) at {@code t}: 1 for the RTT, the term's own time for a log bandwidth. */
    private static double[] gradient(long up, long down, double[] t) {
        return new double[] {1, up * Math.exp(t[UP]), down * Math.exp(t[DOWN])};
    }

    /**
     * The Kalman update, iterated (Gauss-Newton) so that a term far from its estimate moves by
     * the factor the exchange shows, not by its first-order approximation.
     */
    private void update(long up, long down, double seconds, double noise) {
        double[] prior = theta.clone();
        double[] x = theta.clone();
        double[] ph = null;
        double s = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            double[] h = gradient(up, down, x);
            ph = times(cov, h);
            s = dot(h, ph) + noise;
            double predicted = x[RTT] + up * Math.exp(x[UP]) + down * Math.exp(x[DOWN]);
            double innovation = seconds - predicted - dot(h, new double[] {prior[0] - x[0], prior[1] - x[1], prior[2] - x[2]});
            for (int j = 0; j < 3; j++) {
                x[j] = prior[j] + ph[j] * innovation / s;
            }
            clamp(x);
        }
        System.arraycopy(x, 0, theta, 0, 3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                cov[i][j] -= ph[i] * ph[j] / s;
            }
        }
        for (int i = 0; i < 3; i++) {
            cov[i][i] = Math.max(cov[i][i], 1e-12); // rounding must never make a variance negative
            for (int j = i + 1; j < 3; j++) {
                double m = (cov[i][j] + cov[j][i]) / 2;
                cov[i][j] = m;
                cov[j][i] = m;
            }
        }
    }

    /** Lets trust fade for the time nothing measured the link. */
    private void age(long nowNanos) {
        double idle = Math.max(0, nowNanos - at) / 1e9;
        cov[RTT][RTT] += square(RTT_DRIFT) * idle;
        cov[UP][UP] += square(DRIFT) * idle;
        cov[DOWN][DOWN] += square(DRIFT) * idle;
        at = Math.max(at, nowNanos);
    }

    /**
     * A step of the term an exchange mostly measured: the old value says nothing of the new
     * one, so that term is taken from this exchange alone (its time less what the rest of the
     * model explains), known as well as one exchange tells. For a bandwidth, the other direction
     * often changes with it (a shared medium, a weaker signal): within this exchange it is not
     * taken to be slower per byte than this one; with {@code both} it is scaled by the same
     * factor; either way it is made uncertain enough to be measured again soon. Returns false,
     * changing nothing, when the exchange leaves no time for the term.
     */
    private boolean restart(int term, long up, long down, double seconds, double noise, boolean both) {
        if (term == RTT) {
            double rtt = seconds - up * Math.exp(theta[UP]) - down * Math.exp(theta[DOWN]);
            if (rtt < 0) {
                return false;
            }
            theta[RTT] = rtt;
            forget(RTT);
            cov[RTT][RTT] = noise;
            return true;
        }
        int other = term == UP ? DOWN : UP;
        long bytes = term == UP ? up : down;
        long otherBytes = term == UP ? down : up;
        double transfer = seconds - theta[RTT];
        double otherTime = Math.min(otherBytes * Math.exp(theta[other]), Math.max(0, transfer) * otherBytes / (bytes + otherBytes));
        double own = transfer - otherTime;
        if (!(own > 0)) {
            return false;
        }
        double logFactor = Math.log(bounded(own / bytes)) - theta[term];
        theta[term] += logFactor;
        if (both) {
            theta[other] += logFactor;
        }
        forget(term);
        forget(other);
        cov[term][term] = noise / square(own);
        cov[other][other] = square(DOUBT);
        clamp(theta);
        return true;
    }

    private void forget(int j) {
        for (int k = 0; k < 3; k++) {
            cov[j][k] = 0;
            cov[k][j] = 0;
        }
    }

    private static void clamp(double[] t) {
        t[RTT] = Math.max(0, t[RTT]);
        t[UP] = Math.log(bounded(Math.exp(t[UP])));
        t[DOWN] = Math.log(bounded(Math.exp(t[DOWN])));
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
