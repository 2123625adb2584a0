package org.coinfer.strategy.edgent.dynamic;

import java.util.Arrays;
import java.util.List;

/**
 * Bandwidth states: the rates split at quantiles of the samples of a set of traces, so every
 * state holds as many samples as the others and the states are narrow where the link spends
 * its time. State {@code i} holds rates in {@code [edges[i], edges[i+1])}; the first starts at
 * 0, the last has no upper edge.
 *
 * @param edges {@code k+1} increasing rates in Mbit/s, from 0 to infinity
 */
public record BandwidthStates(double[] edges) {
    public BandwidthStates {
        if (edges.length < 2 || edges[0] != 0 || edges[edges.length - 1] != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("bandwidth states need edges from 0 to infinity, found " + Arrays.toString(edges));
        }
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("bandwidth state edges must increase, found " + Arrays.toString(edges));
            }
        }
        edges = edges.clone();
    }

    /** Up to {@code k} states at quantiles of every positive sample of the traces (fewer when quantiles coincide). */
    public static BandwidthStates of(List<Trace> traces, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("expected one or more bandwidth states, found " + k);
        }
        double[] all = traces.stream().flatMapToDouble(t -> Arrays.stream(t.mbps())).filter(r -> r > 0).sorted().toArray();
        if (all.length == 0) {
            throw new IllegalArgumentException("the traces hold no positive rate to derive bandwidth states from");
        }
        double[] edges = new double[k + 1];
        int n = 1;
        for (int i = 1; i < k; i++) {
            double q = all[(int) ((long) i * all.length / k)];
            if (q > edges[n - 1]) {
                edges[n++] = q;
            }
        }
        edges[n++] = Double.POSITIVE_INFINITY;
        return new BandwidthStates(Arrays.copyOf(edges, n));
    }

    public int size() {
        return edges.length - 1;
    }

    /** The state a rate falls in. */
    public int state(double mbps) {
        int i = Arrays.binarySearch(edges, mbps);
        return i >= 0 ? Math.min(i, size() - 1) : -i - 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BandwidthStates s && Arrays.equals(s.edges, edges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(edges);
    }

    @Override
    public String toString() {
        return "BandwidthStates" + Arrays.toString(edges);
    }
}
