package org.coinfer.api;

import java.util.List;

/**
 * Measured compute time of a model's paths on one host, for the part of each path that host
 * runs: the device runs prefixes, the edge suffixes. Whole prefixes and suffixes are timed, not
 * single layers, because a runtime fuses and lays out consecutive layers together: on the
 * built-in CNN the sum of separately timed layers is about three times the time of the path.
 *
 * @param pathMs for each exit (index {@code exit-1}), {@code n+1} times for its {@code n}
 *     layers: on the {@link Host#DEVICE} entry {@code c} is the time of layers {@code 1..c}
 *     (entry 0 is 0); on the {@link Host#EDGE} entry {@code c} is the time of layers
 *     {@code c+1..n} (entry {@code n} is 0)
 */
public record HostProfile(String modelId, String contentHash, Host host, List<List<Double>> pathMs) {
    public HostProfile {
        pathMs = pathMs.stream().map(List::copyOf).toList();
    }

    /**
     * Time of layers {@code fromCut+1 .. toCut} of an exit's path: exact for the ranges a host
     * runs (from cut 0 on the device, to the output on the edge), a difference of two measured
     * times otherwise.
     */
    public double rangeMs(int exit, int fromCut, int toCut) {
        List<Double> t = pathMs.get(exit - 1);
        return host == Host.DEVICE ? t.get(toCut) - t.get(fromCut) : t.get(fromCut) - t.get(toCut);
    }
}
