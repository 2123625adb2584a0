package org.coinfer.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The edge side of co-inference, registered by the edge runtime and called by a transport's
 * server for each request it receives.
 */
@ConsumerType
public interface EdgeExecutor {
    /** Runs the path of {@code exit} from {@code cut} to its output. */
    Tensor finish(String modelId, int exit, int cut, Tensor input) throws InferenceException;

    /** This host's measured profile of a model; throws if the model is not loaded here. */
    HostProfile profile(String modelId) throws InferenceException;
}
