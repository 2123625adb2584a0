package org.coinfer.api;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Predicts how long part of an exit's path takes on a host. Register implementations named with
 * {@link PredictorName}; the device runtime plans with the one its configuration names.
 */
@ProviderType
public interface LatencyPredictor {
    /** Service property holding the predictor's name. */
    String NAME = "coinfer.predictor.name";

    /**
     * Predicted time in milliseconds to run layers {@code fromCut+1 .. toCut} of the given
     * exit's path on {@code host}; 0 when {@code fromCut == toCut}.
     *
     * @throws IllegalArgumentException if the predictor knows nothing of this model or host
     */
    double predictMs(Host host, ModelDescription model, int exit, int fromCut, int toCut);

    /** Whether {@link #predictMs} can answer for this model on both hosts. */
    boolean covers(ModelDescription model);

    /**
     * Why {@link #covers} is false for this model, in words for the person who sent the
     * request (still profiling, the edge unreachable, the edge serving other content...);
     * empty when it covers the model.
     */
    default String uncoveredReason(ModelDescription model) {
        return covers(model) ? "" : "model " + model.id() + " is not profiled on both device and edge yet";
    }

    /**
     * The measured profile of a model on a host that this predictor plans from, when it plans
     * from one (to save it, or to plan with it elsewhere); empty otherwise.
     */
    default Optional<HostProfile> profile(Host host, String modelId) {
        return Optional.empty();
    }
}
