package org.coinfer.strategy.baselines;

import org.coinfer.api.PartitionStrategy;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.StrategyName;
import org.osgi.service.component.annotations.Component;

/** Baseline: send the raw input and run the whole model, final exit, on the edge. */
@Component
@StrategyName(EdgeOnly.NAME)
public final class EdgeOnly implements PartitionStrategy {
    static final String NAME = "edge-only";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Plan plan(PlanningContext context) {
        return context.plan(NAME, context.model().finalExit().number(), 0);
    }
}
