package org.coinfer.api;

import java.util.List;

/**
 * The device's entry point: answers one request by co-inference with the edge. Each call
 * takes the link as estimated now (probing first when the estimate is too old or uncertain),
 * asks a strategy for a plan, runs the device's part, ships the cut tensor and returns the
 * exit's output with what it cost.
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

    /**
     * What a strategy would choose now, without running anything or measuring the link: the
     * plan for the link as last estimated, with its prediction.
     *
     * @throws InferenceException when the model is unknown or not profiled yet, or the link
     *     has never been measured
     */
    Plan plan(String modelId, LatencyRequirement requirement, String strategy) throws InferenceException;

    /**
     * The context a strategy would decide from now (model, link as last estimated, requirement,
     * predictor), for looking at every candidate plan.
     *
     * @throws InferenceException as {@link #plan}
     */
    PlanningContext context(String modelId, LatencyRequirement requirement) throws InferenceException;

    /** Names of the strategies installed now, sorted. */
    List<String> strategies();

    /** The link as last estimated, or null before anything has measured it. */
    LinkEstimate link();
}
