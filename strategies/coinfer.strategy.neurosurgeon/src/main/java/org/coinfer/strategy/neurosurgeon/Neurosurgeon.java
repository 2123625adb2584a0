package org.coinfer.strategy.neurosurgeon;

import org.coinfer.api.PartitionStrategy;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.StrategyName;
import org.osgi.service.component.annotations.Component;

/**
 * Neurosurgeon (Kang et al., ASPLOS 2017): keep the final exit and split its path at the cut
 * with the least predicted end-to-end latency. It never trades accuracy for time, so it
 * misses a requirement that only an earlier exit could meet.
 */
@Component
@StrategyName(Neurosurgeon.NAME)
public final class Neurosurgeon implements PartitionStrategy {
    static final String NAME = "neurosurgeon";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Plan plan(PlanningContext context) {
        return context.fastestCut(NAME, context.model().finalExit().number());
    }
}
