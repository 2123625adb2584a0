package org.coinfer.runtime.device;

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
 */
final class Calibration {
    static final double WEIGHT = 0.2;
    /** Observations of a host before its factor is used. */
    static final int LEAST = 3;
    static final double LEAST_MS = 0.5;
    static final double BOUND = 2;

    private final double[] log = new double[Host.values().length];
    private final int[] seen = new int[Host.values().length];

    synchronized void observe(Host host, double predictedMs, double measuredMs) {
        if (!(predictedMs >= LEAST_MS) || !(measuredMs > 0)) {
            return;
        }
        double x = Math.max(-Math.log(2), Math.min(Math.log(2), Math.log(measuredMs / predictedMs)));
        int i = host.ordinal();
        log[i] = seen[i] == 0 ? x : (1 - WEIGHT) * log[i] + WEIGHT * x;
        seen[i]++;
    }

    /** Measured over predicted compute on a host, 1 until it has seen enough. */
    synchronized double factor(Host host) {
        int i = host.ordinal();
        return seen[i] < LEAST ? 1 : Math.max(1 / BOUND, Math.min(BOUND, Math.exp(log[i])));
    }

    /** The predictor with its times scaled by the factors; itself while both are 1. */
    LatencyPredictor apply(LatencyPredictor p) {
        double device = factor(Host.DEVICE);
        double edge = factor(Host.EDGE);
        return device == 1 && edge == 1 ? p : new Scaled(p, device, edge);
    }

    /** A predictor's times on each host multiplied by a factor; everything else is the predictor's. */
    record Scaled(LatencyPredictor base, double device, double edge) implements LatencyPredictor {
        @Override
        public double predictMs(Host host, ModelDescription model, int exit, int fromCut, int toCut) {
            return base.predictMs(host, model, exit, fromCut, toCut) * (host == Host.DEVICE ? device : edge);
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
