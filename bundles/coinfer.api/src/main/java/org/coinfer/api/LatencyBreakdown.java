package org.coinfer.api;

/**
 * End-to-end latency of a plan, split by where the time goes (milliseconds).
 *
 * @param rttMs the one round trip a plan that uses the edge pays; 0 for device-only
 */
public record LatencyBreakdown(double deviceMs, double uploadMs, double rttMs, double edgeMs, double downloadMs) {
    public double totalMs() {
        return deviceMs + uploadMs + rttMs + edgeMs + downloadMs;
    }
}
