package org.coinfer.api;

import java.util.Objects;

/**
 * The answer to one request and what it cost, measured (milliseconds).
 *
 * @param plan the plan that ran, with its predicted latency
 * @param network the link conditions the plan was chosen for
 * @param networkMs upload, round trip and download together: round trip less edge compute
 * @param probeMs time this request spent measuring the link before planning (usually 0)
 * @param totalMs from the request's arrival to its answer, probing included
 * @param fallback why the request ran on the device alone instead of its plan, when the edge
 *        could not be reached or failed during it; empty when it did not fall back
 */
public record Outcome(Plan plan, NetworkConditions network, Tensor output,
                      double deviceMs, double networkMs, double edgeMs, double probeMs, double totalMs, String fallback) {
    public Outcome {
        Objects.requireNonNull(fallback, "fallback (empty when none)");
    }

    /** An outcome that did not fall back. */
    public Outcome(Plan plan, NetworkConditions network, Tensor output,
                   double deviceMs, double networkMs, double edgeMs, double probeMs, double totalMs) {
        this(plan, network, output, deviceMs, networkMs, edgeMs, probeMs, totalMs, "");
    }

    /** Whether the request ran on the device alone because of the edge; {@link #fallback()} says why. */
    public boolean fellBack() {
        return !fallback.isEmpty();
    }
}
