package org.coinfer.api;

/**
 * One request the device answered, as an operator looks back on it: when, on which model,
 * under which requirement, with what plan and what it cost.
 *
 * @param epochMs when the answer was ready (milliseconds since the epoch)
 * @param requested the strategy the request named, or null for the configured one
 */
public record RequestRecord(long epochMs, String modelId, LatencyRequirement requirement, String requested, Outcome outcome) {
    /** Whether the answer came within the requirement. */
    public boolean met() {
        return requirement.isMetBy(outcome.totalMs());
    }
}
