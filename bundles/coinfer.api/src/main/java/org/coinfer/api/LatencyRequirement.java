package org.coinfer.api;

/** The end-to-end latency a request must be answered within, in milliseconds. */
public record LatencyRequirement(double deadlineMs) {
    public LatencyRequirement {
        if (!(deadlineMs > 0)) {
            throw new IllegalArgumentException("latency requirement must be positive, found " + deadlineMs + " ms");
        }
    }

    public boolean isMetBy(double latencyMs) {
        return latencyMs <= deadlineMs;
    }
}
