package org.coinfer.strategy.edgent.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.PartitionStrategy;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.StrategyName;
import org.osgi.service.component.annotations.Component;

/**
 * Edgent's online stage (Li, Zhou and Chen, MECOMM 2018): exits from the most accurate down;
 * for each, the cut with the least predicted latency; the first that meets the requirement is
 * the plan. Exits of equal accuracy are weighed together, the fastest of their plans standing
 * for them. When no plan meets the requirement, the fastest plan of all exits, marked as a miss.
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
        ExitOrder order = order(context.model());
        Comparator<Plan> faster = context.fastestFirst();
        Plan fastest = null;
        for (int[] group : order.groups()) {
            Plan best = null;
            for (int exit : group) {
                Plan p = context.fastestCut(NAME, exit);
                if (best == null || faster.compare(p, best) < 0) {
                    best = p;
                }
            }
            if (best.meetsRequirement()) {
                return best;
            }
            // Strictly faster only: on a full tie the more accurate group, seen first, stays.
            if (fastest == null || faster.compare(best, fastest) < 0) {
                fastest = best;
            }
        }
        return fastest;
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
