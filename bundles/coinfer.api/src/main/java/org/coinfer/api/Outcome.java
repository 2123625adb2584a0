package org.coinfer.api;

/**
 * The answer to one request and what it cost, measured (milliseconds).
 *
 * @param plan the plan that ran, with its predicted latency
 * @param network the link conditions the plan was chosen for
 * @param networkMs upload, round trip and download together: round trip less edge compute
 * @param probeMs time this request spent measuring the link before planning (usually 0)
 * @param totalMs from the request's arrival to its answer, probing included
 */
public record Outcome(Plan plan, NetworkConditions network, Tensor output,
                      double deviceMs, double networkMs, double edgeMs, double probeMs, double totalMs) {
}
