package org.coinfer.api;

import java.util.List;

/**
 * The device's entry point: answers one request by co-inference with the edge. Each call
 * measures the link (bandwidth from real transfers), asks a strategy for a plan, runs the
 * device's part, ships the cut tensor and returns the exit's output with what it cost.
 */
@org.osgi.annotation.versioning.ProviderType
public interface CoInference {
    /**
     * @param modelId the model, or null for the container's default model
     * @param strategy the strategy's name, or null for the configured one; when the named
     *     strategy is not installed the configured one is used, and when that is missing too
     *     the request runs on the device alone
     */
    Outcome infer(String modelId, Tensor input, LatencyRequirement requirement, String strategy)
            throws InferenceException, TransportException;

    /** Names of the strategies installed now, sorted. */
    List<String> strategies();

    /** The link as last measured, or null before anything has measured it. */
    NetworkConditions network();
}
