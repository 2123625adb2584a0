package org.coinfer.demo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.PlanningContext;
import org.coinfer.strategy.edgent.JointOptimizer;
import org.coinfer.testing.LayerTimes;
import org.junit.Test;

/** How the experiments choose their requirements and judge the article's findings, on made-up numbers. */
public class ExperimentLogicTest {
    private static final Emulation EMULATION = new Emulation(new double[] {20, 20}, new double[] {2, 2});

    private static Row row(String strategy, double mbps, double deadline, int exit, double met) {
        return new Row(strategy, mbps, mbps, deadline, 4, exit, 0, 1, 1, 1, met, DemoLogicTest.MODEL.exit(exit).accuracy(),
                new Row.Spread(0.5, 0.5, 2));
    }

    private static Report report(String name, List<Row> rows) {
        return new Report(name, rows, DemoLogicTest.MODEL, EMULATION, "kernel tbf on lo", "emulated", "given", 4);
    }

    private static PlanningContext context() {
        return new PlanningContext(DemoLogicTest.MODEL, new NetworkConditions(1e6, 1e6, 1), new LatencyRequirement(1),
                LayerTimes.uniform(2, 0.2));
    }

    @Test
    public void requirementsSpreadFromTightToLooseOnePerShareOfTheRange() {
        Requirements r = Requirements.choose(context(), new double[] {0.4}, new double[0], 2);
        double[] spread = r.spread(r.fastestPlanMs() * 0.8, r.slowestPlanMs() * 1.25, 8);
        assertEquals(8, spread.length);
        double lo = r.fastestPlanMs() * 0.8;
        double hi = r.slowestPlanMs() * 1.25;
        for (int k = 0; k < spread.length; k++) {
            assertTrue("ascending", k == 0 || spread[k] > spread[k - 1]);
            // Each lies in the middle of its own share of the log range (the rounding to 0.1 ms aside).
            assertTrue(spread[k] >= lo * Math.pow(hi / lo, (k + 0.2) / 8.0) - 0.05);
            assertTrue(spread[k] <= lo * Math.pow(hi / lo, (k + 0.8) / 8.0) + 0.05);
        }
    }

    @Test
    public void figFivesRequirementMakesEdgentTakeTheMostDifferentExitsOverTheRates() {
        PlanningContext now = context();
        double[] rates = {0.05, 1, 10, 100, 200};
        Requirements r = Requirements.choose(now, rates, new double[0], 2);
        double chosen = Experiment.sweepRequirement(now, r, rates);
        int best = 0;
        for (double d : r.spread(r.fastestPlanMs(), 16, Experiment.SWEEP_CANDIDATES)) {
            best = Math.max(best, exits(now, rates, d).size());
        }
        assertEquals(best, exits(now, rates, chosen).size());
        assertTrue("the exit changes over the sweep", best >= 2);
    }

    private static Set<Integer> exits(PlanningContext now, double[] rates, double d) {
        Set<Integer> taken = new HashSet<>();
        for (double mbps : rates) {
            double bps = mbps * 1e6 * Requirements.GOODPUT;
            taken.add(JointOptimizer.choose(new PlanningContext(now.model(), new NetworkConditions(bps, bps, 1),
                    new LatencyRequirement(d), now.predictor()), "edgent").exit());
        }
        return taken;
    }

    @Test
    public void figFiveHoldsWhenTheExitRisesAndNeverFalls() {
        List<Row> rising = List.of(row("edgent", 0.05, 10, 1, 1), row("edgent", 1, 10, 2, 1), row("edgent", 10, 10, 3, 1));
        assertTrue(report("fig5", rising).finding(), report("fig5", rising).finding().contains("**holds**"));
        List<Row> dips = List.of(row("edgent", 0.05, 10, 1, 1), row("edgent", 1, 10, 3, 1), row("edgent", 10, 10, 2, 1));
        String finding = report("fig5", dips).finding();
        assertTrue(finding, finding.contains("**does not hold**") && finding.contains("exit 3 at 1 Mbit/s, exit 2 at 10 Mbit/s"));
        List<Row> flat = List.of(row("edgent", 0.05, 10, 3, 1), row("edgent", 10, 10, 3, 1));
        assertTrue(report("fig5", flat).finding().contains("**does not hold**"));
    }

    @Test
    public void figSixHoldsWhenOnlyEdgentMeetsTheTightRequirementsAndNoBaselineMeetsOneItMisses() {
        List<Row> rows = new ArrayList<>();
        for (double d : new double[] {5, 20, 80}) {
            rows.add(row("edgent", 0.4, d, d < 20 ? 1 : 3, 1));
            rows.add(row("device-only", 0.4, d, 3, d < 20 ? 0 : 1));
            rows.add(row("edge-only", 0.4, d, 3, d < 80 ? 0 : 1));
            rows.add(row("neurosurgeon", 0.4, d, 3, d < 20 ? 0 : 1));
            rows.add(row("mine", 0.4, d, 1, 1));
        }
        Report holds = report("fig6", rows);
        assertTrue(holds.finding(), holds.finding().contains("**holds**") && holds.finding().contains(": 5 ms."));
        assertTrue("every strategy has a column", holds.markdown().contains("| requirement (ms) | edgent | device-only | edge-only | neurosurgeon | mine |"));
        rows.set(0, row("edgent", 0.4, 5, 1, 0));
        rows.set(1, row("device-only", 0.4, 5, 3, 1));
        String finding = report("fig6", rows).finding();
        assertTrue(finding, finding.contains("**does not hold**") && finding.contains("5 ms: device-only met it, edgent did not"));
    }
}
