package org.coinfer.strategy.baselines;

import org.coinfer.api.PartitionStrategy;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.StrategyName;
import org.osgi.service.component.annotations.Component;

/** Baseline: the whole model, final exit, on the device; nothing crosses the network. */
@Component
@StrategyName(DeviceOnly.NAME)
public final class DeviceOnly implements PartitionStrategy {
    static final String NAME = "device-only";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Plan plan(PlanningContext context) {
        int exit = context.model().finalExit().number();
        return context.plan(NAME, exit, context.model().finalExit().layers());
    }
}
