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
     * Answers a request. It runs on the device alone, and its {@link Outcome#fallback()} says why,
     * when the edge cannot be reached or fails during it, and when no latency prediction covers
     * the model yet (still profiling, after a new backend or before the edge's profile arrived):
     * then at the most accurate exit, there being no time to weigh exits by.
     *
     * @param modelId the model, or null for the container's default model
     * @param strategy the strategy's name, or null for the configured one; when the named
     *     strategy is not installed the configured one is used, and when that is missing too
     *     the request runs on the device alone
     */
    Outcome infer(String modelId, Tensor input, LatencyRequirement requirement, String strategy)
            throws InferenceException, TransportException;

    /**
     * The context a strategy would decide from now, without running anything or measuring the
     * link: the model, the link as last estimated, the requirement and the predictor. Use it to
     * look at every candidate plan, or to ask strategies with {@link #plan}.
     *
     * @throws InferenceException when the model is unknown or not profiled yet, or the link
     *     has never been measured
     */
    PlanningContext context(String modelId, LatencyRequirement requirement) throws InferenceException;

    /**
     * What a strategy chooses in a context, as a request would get it: the named strategy, else
     * the configured one, else the final exit on the device alone.
     *
     * @throws InferenceException when the strategy chooses a plan the model does not have
     */
    Plan plan(PlanningContext context, String strategy) throws InferenceException;

    /** Names of the strategies installed now, sorted. */
    List<String> strategies();

    /** The link as last estimated, or null before anything has measured it. */
    LinkEstimate link();

    /** The last {@code n} requests answered, the newest first; the device keeps a bounded number. */
    List<RequestRecord> recent(int n);
}
