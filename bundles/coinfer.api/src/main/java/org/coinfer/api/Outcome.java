package org.coinfer.api;

/**
 * The answer to one request and what it cost, measured (milliseconds).
 *
 * @param plan the plan that ran, with its predicted latency
 * @param network the link conditions the plan was chosen for
 * @param networkMs upload, round trip and download together: round trip less edge compute
 */
public record Outcome(Plan plan, NetworkConditions network, Tensor output,
                      double deviceMs, double networkMs, double edgeMs, double totalMs) {
}
