package org.coinfer.strategy.edgent.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.PartitionStrategy;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.StrategyName;
import org.coinfer.strategy.edgent.ExitOrder;
import org.coinfer.strategy.edgent.JointOptimizer;
import org.osgi.service.component.annotations.Component;

/**
 * Edgent's online stage (Li, Zhou and Chen, MECOMM 2018) as a strategy: {@link JointOptimizer}
 * on each request, the model's exit order kept between requests, and a warning, once per model,
 * when its exits have no measured accuracy.
 */
@Component
@StrategyName(Edgent.NAME)
public final class Edgent implements PartitionStrategy {
    static final String NAME = "edgent";
    private static final Logger LOG = System.getLogger(Edgent.class.getName());

    /** Models (by content) already reported as ordered by depth, so the log says it once. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    /** The last model's exit order: requests for one model reuse it (the same description object). */
    private volatile Ordered last;

    private record Ordered(ModelDescription model, ExitOrder order) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Plan plan(PlanningContext context) {
        return JointOptimizer.choose(context, NAME, order(context.model()));
    }

    private ExitOrder order(ModelDescription model) {
        Ordered o = last;
        if (o == null || o.model() != model) {
            o = new Ordered(model, ExitOrder.of(model));
            last = o;
            if (o.order().byDepth()) {
                reportDepthOrder(model);
            }
        }
        return o.order();
    }

    private void reportDepthOrder(ModelDescription model) {
        if (reported.add(model.id() + "@" + model.contentHash())) {
            LOG.log(Level.WARNING, "model {0} has exits without a measured accuracy: edgent orders them by depth, "
                    + "the deepest taken as the most accurate (measure them with ''coinfer model evaluate'')", model.id());
        }
    }
}
