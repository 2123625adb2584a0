package org.coinfer.predictor.hybrid.internal;

import java.util.Optional;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.PredictorName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Measured times where there are any, the regression until then: a model that has just
 * arrived is planned for at once from its layers, and once both hosts have profiled it whole
 * the measured profiles take over. Asking the measured predictor whether it covers a model is
 * also what starts the model's profiling.
 */
@Component(service = LatencyPredictor.class)
@PredictorName(HybridPredictor.NAME)
public final class HybridPredictor implements LatencyPredictor {
    public static final String NAME = "hybrid";

    private final LatencyPredictor measured;
    private final LatencyPredictor fitted;

    @Activate
    public HybridPredictor(@Reference(target = "(" + LatencyPredictor.NAME + "=profile)") LatencyPredictor measured,
            @Reference(target = "(" + LatencyPredictor.NAME + "=regression)") LatencyPredictor fitted) {
        this.measured = measured;
        this.fitted = fitted;
    }

    /** The measured predictor when it covers the model, else the fitted one. */
    private LatencyPredictor answering(ModelDescription model) {
        return measured.covers(model) ? measured : fitted;
    }

    @Override
    public double predictMs(Host host, ModelDescription model, int exit, int fromCut, int toCut) {
        return answering(model).predictMs(host, model, exit, fromCut, toCut);
    }

    @Override
    public boolean covers(ModelDescription model) {
        return measured.covers(model) || fitted.covers(model);
    }

    @Override
    public String uncoveredReason(ModelDescription model) {
        String m = measured.uncoveredReason(model);
        if (m.isEmpty()) {
            return "";
        }
        String f = fitted.uncoveredReason(model);
        return f.isEmpty() ? "" : m + "; and the per-layer regression cannot answer yet: " + f;
    }

    @Override
    public Optional<HostProfile> profile(Host host, String modelId) {
        return measured.profile(host, modelId);
    }
}
