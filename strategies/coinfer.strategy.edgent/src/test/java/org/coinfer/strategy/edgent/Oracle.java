package org.coinfer.strategy.edgent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.coinfer.api.Exit;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;

/**
 * The decision Edgent must make, by brute force over every (exit, cut) pair: the most accurate
 * plan that meets the requirement, then the fastest; when none meets it, the fastest of all.
 * Ties are broken as the strategy documents them: fewer bytes on the link, less device
 * compute, the more accurate exit, the earlier exit, the earlier cut. Exits without a measured
 * accuracy make depth stand for accuracy.
 */
final class Oracle {
    private Oracle() {
    }

    static Plan decide(PlanningContext ctx) {
        List<Exit> exits = ctx.model().exits();
        boolean byDepth = exits.stream().anyMatch(e -> Double.isNaN(e.accuracy()));
        List<Plan> all = new ArrayList<>();
        for (Exit e : exits) {
            for (int c = 0; c <= e.layers(); c++) {
                all.add(ctx.plan(Edgent.NAME, e.number(), c));
            }
        }
        Comparator<Plan> moreAccurate = Comparator.comparingDouble(
                (Plan p) -> byDepth ? p.exit() : ctx.model().exit(p.exit()).accuracy()).reversed();
        Comparator<Plan> byNumber = Comparator.comparingInt(Plan::exit).thenComparingInt(Plan::cut);
        List<Plan> meeting = all.stream().filter(Plan::meetsRequirement).toList();
        if (!meeting.isEmpty()) {
            return meeting.stream().min(moreAccurate.thenComparing(ctx.fastestFirst()).thenComparing(byNumber)).orElseThrow();
        }
        return all.stream().min(ctx.fastestFirst().thenComparing(moreAccurate).thenComparing(byNumber)).orElseThrow();
    }
}
