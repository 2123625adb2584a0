package org.coinfer.api;

/**
 * A decision for one request: leave at {@code exit}, run its path up to {@code cut} on the
 * device and the rest on the edge.
 *
 * @param strategy name of the strategy that chose it
 * @param meetsRequirement whether the predicted latency is within the requirement; a strategy
 *     that finds no such plan returns its fastest one with this set to false
 */
public record Plan(String strategy, int exit, int cut, LatencyBreakdown predicted, boolean meetsRequirement) {
    public boolean deviceOnly(ModelDescription model) {
        return cut == model.exit(exit).layers();
    }
}
