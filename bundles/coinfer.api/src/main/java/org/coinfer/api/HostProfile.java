package org.coinfer.api;

import java.util.List;

/**
 * Measured compute time of every segment of a model on one host.
 *
 * @param segmentMs for each exit (index {@code exit-1}), the median time of each segment
 *     between consecutive cuts: entry {@code k} is the time of layers {@code k+1} (from cut
 *     {@code k} to cut {@code k+1})
 */
public record HostProfile(String modelId, String contentHash, Host host, List<List<Double>> segmentMs) {
    public HostProfile {
        segmentMs = segmentMs.stream().map(List::copyOf).toList();
    }

    /** Sum of the segment times from cut {@code fromCut} to cut {@code toCut} on one exit's path. */
    public double rangeMs(int exit, int fromCut, int toCut) {
        List<Double> s = segmentMs.get(exit - 1);
        double sum = 0;
        for (int k = fromCut; k < toCut; k++) {
            sum += s.get(k);
        }
        return sum;
    }
}
