package org.coinfer.testing;

import org.coinfer.api.Host;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.ModelDescription;

/**
 * A predictor for tests: a part of a path costs the sum of its layers' times, each layer's
 * time given by a function of the host, the exit and the layer (0 for the first).
 */
public final class LayerTimes implements LatencyPredictor {
    /** The time of one layer on a host, in milliseconds. */
    @FunctionalInterface
    public interface Cost {
        double ms(Host host, int exit, int layer);
    }

    private final Cost cost;

    public LayerTimes(Cost cost) {
        this.cost = cost;
    }

    /** Every layer of every path costs {@code deviceMs} on the device and {@code edgeMs} on the edge. */
    public static LayerTimes uniform(double deviceMs, double edgeMs) {
        return new LayerTimes((host, exit, layer) -> host == Host.DEVICE ? deviceMs : edgeMs);
    }

    /** Layer times by {@code [host.ordinal()][exit - 1][layer]}. */
    public static LayerTimes table(double[][][] ms) {
        return new LayerTimes((host, exit, layer) -> ms[host.ordinal()][exit - 1][layer]);
    }

    @Override
    public double predictMs(Host host, ModelDescription model, int exit, int fromCut, int toCut) {
        double sum = 0;
        for (int k = fromCut; k < toCut; k++) {
            sum += cost.ms(host, exit, k);
        }
        return sum;
    }

    @Override
    public boolean covers(ModelDescription model) {
        return true;
    }
}
