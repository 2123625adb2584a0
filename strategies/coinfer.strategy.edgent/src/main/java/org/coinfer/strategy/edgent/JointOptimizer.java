package org.coinfer.strategy.edgent;

import java.util.Comparator;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;

/**
 * Edgent's joint choice of exit and cut, for any strategy that wants it: exits from the most
 * accurate group down; for each group the fastest plan of its exits (each at its fastest cut);
 * the first that meets the requirement. When none does, the fastest plan of all, marked as a miss.
 */
public final class JointOptimizer {
    private JointOptimizer() {
    }

    /** The plan for this context, named after {@code strategy}. */
    public static Plan choose(PlanningContext context, String strategy) {
        return choose(context, strategy, ExitOrder.of(context.model()));
    }

    /** As {@link #choose(PlanningContext, String)} with the model's exit order already known. */
    public static Plan choose(PlanningContext context, String strategy, ExitOrder order) {
        Comparator<Plan> faster = context.fastestFirst();
        Plan fastest = null;
        for (int[] group : order.groups()) {
            Plan best = null;
            for (int exit : group) {
                Plan p = context.fastestCut(strategy, exit);
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
}
