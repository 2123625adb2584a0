package org.coinfer.runtime.device;

import org.coinfer.api.InferenceReply;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.Transport;
import org.coinfer.api.TransportException;

/**
 * Measures the link from real transfers only. Requests that ship enough bytes update the
 * uplink estimate as they go; when none has for a while, a probe pair measures it: the first
 * probe empties any burst allowance a shaper has saved up, the second is timed. The downlink
 * is taken to be as fast as the uplink: results are small, and device uplinks are the
 * narrower direction.
 */
final class LinkMonitor {
    /** A request must ship at least this much for its timing to say anything about bandwidth. */
    static final long MIN_SAMPLE_BYTES = 16 * 1024;
    static final int MIN_PROBE = 2 * 1024;
    static final int MAX_PROBE = 4 * 1024 * 1024;

    private final Transport transport;
    private final long staleNanos;
    private final double probeSeconds;
    private double uplinkBps = Double.NaN;
    private double rttMs;
    private long measuredAt;
    private int probeBytes = 16 * 1024;

    LinkMonitor(Transport transport, long staleMs, long probeMs) {
        this.transport = transport;
        this.staleNanos = staleMs * 1_000_000;
        this.probeSeconds = probeMs / 1e3;
    }

    /** The link now, probing first if no transfer measured it within the stale interval. */
    synchronized NetworkConditions current() throws TransportException {
        if (Double.isNaN(uplinkBps) || System.nanoTime() - measuredAt > staleNanos) {
            probe();
        }
        return conditions();
    }

    synchronized NetworkConditions conditions() {
        return Double.isNaN(uplinkBps) ? null : new NetworkConditions(uplinkBps, uplinkBps, rttMs);
    }

    /** Takes a request's transfer as a bandwidth sample when it shipped enough bytes. */
    synchronized void observe(InferenceReply reply) {
        double seconds = (reply.networkNanos() - rttMs * 1e6) / 1e9;
        if (reply.bytesSent() >= MIN_SAMPLE_BYTES && seconds > 0) {
            update(reply.bytesSent() * 8 / seconds);
        }
    }

    private void probe() throws TransportException {
        rttMs = Math.min(transport.ping(), transport.ping()) / 1e6;
        while (true) {
            transport.probe(probeBytes);
            double seconds = Math.max(transport.probe(probeBytes) / 1e9 - rttMs / 1e3, 1e-6);
            double bps = probeBytes * 8 / seconds;
            // Too short a probe measures latency, not bandwidth: grow it until it lasts long enough.
            if (seconds < probeSeconds / 4 && probeBytes < MAX_PROBE) {
                probeBytes = (int) Math.min(MAX_PROBE, probeBytes * 4L);
                continue;
            }
            probeBytes = (int) Math.max(MIN_PROBE, Math.min(MAX_PROBE, bps / 8 * probeSeconds));
            uplinkBps = bps;
            measuredAt = System.nanoTime();
            return;
        }
    }

    private void update(double bps) {
        uplinkBps = bps;
        measuredAt = System.nanoTime();
    }
}
