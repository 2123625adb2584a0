package org.coinfer.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The edge side of co-inference, registered by the edge runtime and called by a transport's
 * server for each request it receives.
 */
@ConsumerType
public interface EdgeExecutor {
    /**
     * Runs the path of the request's exit from its cut to the exit's output.
     *
     * @throws InferenceException naming the problem when the model is unknown here, has other
     *     content than the request's hash, or the cut or tensor do not fit the path
     */
    Tensor finish(InferenceRequest request) throws InferenceException;

    /** This host's measured profile of a model; throws if the model is not loaded here. */
    HostProfile profile(String modelId) throws InferenceException;

    /**
     * This edge's fitted per-layer latency model as JSON, for the device to plan with before it
     * has the edge's measured profile of a model.
     *
     * @throws InferenceException naming why there is none (not fitted yet, or no regression here)
     */
    default String layerModel() throws InferenceException {
        throw new InferenceException("this edge fits no per-layer latency model");
    }
}
