package org.coinfer.runtime.device;

import org.coinfer.api.Host;
import org.coinfer.api.LatencyBreakdown;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.PartitionStrategy;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;

/** Hand-written stand-ins for a predictor and strategies. */
final class Fakes {
    private Fakes() {
    }

    /** Every layer takes 2 ms on the device and 1 ms on the edge; covers one model id. */
    record Predictor(String coveredId) implements LatencyPredictor {
        @Override
        public double predictMs(Host host, ModelDescription model, int exit, int fromCut, int toCut) {
            if (!covers(model)) {
                throw new IllegalArgumentException("not covered: " + model.id());
            }
            return (toCut - fromCut) * (host == Host.DEVICE ? 2.0 : 1.0);
        }

        @Override
        public boolean covers(ModelDescription model) {
            return model.id().equals(coveredId);
        }
    }

    /** Always chooses the same exit and cut, possible or not. */
    record Fixed(String name, int exit, int cut) implements PartitionStrategy {
        @Override
        public Plan plan(PlanningContext context) {
            return new Plan(name, exit, cut, new LatencyBreakdown(0, 0, 0, 0, 0), true);
        }
    }
}
