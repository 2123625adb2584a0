package org.coinfer.runtime.device;

import java.util.Arrays;
import java.util.Optional;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.ModelDescription;

/**
 * How far the compute that requests really took strays from what the predictor said, per host:
 * an exponential average of log(measured / predicted) over the requests' device and edge parts.
 * Profiles are timed back to back, with warm caches and busy cores; a request after a pause,
 * or on an emulated device that idles through most of every computation, runs slower, and by a
 * factor that drifts with the machine's state. Plans are predicted with the times scaled by it.
 * A part under {@value #LEAST_MS} ms says too little to count, one observation moves the
 * average by at most a factor of 2 (a segment's first run loads it), and the factor stays
 * within {@value #BOUND}x either way.
 *
 * <p>A call to the edge also costs time that is neither host's compute nor the link's: the
 * request handed to the transport's thread and back, the tensor encoded and decoded. That is
 * about half a millisecond here, the same for every call, so it is added to every plan that
 * calls the edge rather than scaled: the median of the last {@value #CALLS} calls, robust to
 * one that a pause or a collection stretched.
 */
final class Calibration {
    static final double WEIGHT = 0.2;
    /** Observations of a host before its factor is used. */
    static final int LEAST = 3;
    static final double LEAST_MS = 0.5;
    static final double BOUND = 2;

    static final int CALLS = 15;
    /** A call's extra time is taken as at most this, in ms: more is a stall, not the call's cost. */
    static final double CALL_BOUND_MS = 5;

    private final double[] log = new double[Host.values().length];
    private final int[] seen = new int[Host.values().length];
    private final double[] calls = new double[CALLS];
    private int callsSeen;

    synchronized void observe(Host host, double predictedMs, double measuredMs) {
        if (!(predictedMs >= LEAST_MS) || !(measuredMs > 0)) {
            return;
        }
        double x = Math.max(-Math.log(2), Math.min(Math.log(2), Math.log(measuredMs / predictedMs)));
        int i = host.ordinal();
        log[i] = seen[i] == 0 ? x : (1 - WEIGHT) * log[i] + WEIGHT * x;
        seen[i]++;
    }

    /** A call to the edge's time beyond both hosts' compute and the link's round trip. */
    synchronized void observeCall(double extraMs) {
        if (Double.isFinite(extraMs)) {
            calls[callsSeen++ % CALLS] = Math.max(0, Math.min(CALL_BOUND_MS, extraMs));
        }
    }

    /** The median extra time of the recent calls to the edge, 0 until it has seen enough. */
    synchronized double callMs() {
        if (callsSeen < LEAST) {
            return 0;
        }
        double[] recent = Arrays.copyOf(calls, Math.min(callsSeen, CALLS));
        Arrays.sort(recent);
        int n = recent.length;
        return n % 2 == 1 ? recent[n / 2] : (recent[n / 2 - 1] + recent[n / 2]) / 2;
    }

    /** Measured over predicted compute on a host, 1 until it has seen enough. */
    synchronized double factor(Host host) {
        int i = host.ordinal();
        return seen[i] < LEAST ? 1 : Math.max(1 / BOUND, Math.min(BOUND, Math.exp(log[i])));
    }

    /** The predictor with its times scaled by the factors and each call's extra time; itself while there is none. */
    LatencyPredictor apply(LatencyPredictor p) {
        double device = factor(Host.DEVICE);
        double edge = factor(Host.EDGE);
        double call = callMs();
        return device == 1 && edge == 1 && call == 0 ? p : new Scaled(p, device, edge, call);
    }

    /**
     * A predictor's times on each host multiplied by a factor, and a call's extra time added to
     * every segment the edge runs; everything else is the predictor's.
     */
    record Scaled(LatencyPredictor base, double device, double edge, double callMs) implements LatencyPredictor {
        @Override
        public double predictMs(Host host, ModelDescription model, int exit, int fromCut, int toCut) {
            double ms = base.predictMs(host, model, exit, fromCut, toCut);
            return host == Host.DEVICE ? ms * device : ms * edge + (fromCut < toCut ? callMs : 0);
        }

        @Override
        public boolean covers(ModelDescription model) {
            return base.covers(model);
        }

        @Override
        public String uncoveredReason(ModelDescription model) {
            return base.uncoveredReason(model);
        }

        @Override
        public Optional<HostProfile> profile(Host host, String modelId) {
            return base.profile(host, modelId);
        }
    }
}
