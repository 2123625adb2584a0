package org.coinfer.strategy.edgent.internal;

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
 * compute, the more accurate exit, the earlier exit, the earlier cut; written out here rather
 * than taken from the code under test. Exits without a measured accuracy make depth stand for
 * accuracy.
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
        Comparator<Plan> fastest = Comparator.comparingDouble((Plan p) -> p.predicted().totalMs())
                .thenComparingLong(p -> bytesOnLink(ctx, p))
                .thenComparingDouble(p -> p.predicted().deviceMs());
        List<Plan> meeting = all.stream().filter(Plan::meetsRequirement).toList();
        if (!meeting.isEmpty()) {
            return meeting.stream().min(moreAccurate.thenComparing(fastest).thenComparing(byNumber)).orElseThrow();
        }
        return all.stream().min(fastest.thenComparing(moreAccurate).thenComparing(byNumber)).orElseThrow();
    }

    /** The tensor at the cut up and the result down, unless the device runs the whole path. */
    private static long bytesOnLink(PlanningContext ctx, Plan p) {
        Exit e = ctx.model().exit(p.exit());
        return p.cut() == e.layers() ? 0 : e.cut(p.cut()).bytes() + e.cut(e.layers()).bytes();
    }
}
