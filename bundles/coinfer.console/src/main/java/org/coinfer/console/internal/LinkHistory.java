package org.coinfer.console.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Supplier;
import org.coinfer.api.LinkEstimate;

/** The link estimate sampled once a second over the last minutes, for the page's chart. */
final class LinkHistory {
    /** One sample: when, and the estimate's rates in Mbit/s and round trip in ms. */
    record Sample(long epochMs, double upMbps, double downMbps, double rttMs) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final int capacity;
    private final Supplier<LinkEstimate> link;

    LinkHistory(int capacity, Supplier<LinkEstimate> link) {
        this.capacity = capacity;
        this.link = link;
    }

    /** Takes a sample now; none while the link has never been measured. */
    synchronized void sample(long epochMs) {
        LinkEstimate l = link.get();
        if (l == null) {
            return;
        }
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(new Sample(epochMs, l.conditions().uplinkBps() / 1e6, l.conditions().downlinkBps() / 1e6,
                l.conditions().rttMs()));
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }
}
