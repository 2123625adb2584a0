package org.coinfer.demo;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class ReplaySummaryTest {
    /** A request of one strategy: the trace's rate, the plan taken and the oracle's, and whether it met 10 ms. */
    static ReplayRow row(double t, double mbps, int exit, int oracleExit, double measuredMs) {
        return row("s", t, mbps, exit, oracleExit, measuredMs);
    }

    static ReplayRow row(String strategy, double t, double mbps, int exit, int oracleExit, double measuredMs) {
        return new ReplayRow("trace", strategy, t, mbps, mbps, exit, exit == 5 ? 0 : 7, 5, measuredMs, 10, 1, exit == 5 ? 0.9 : 0.6,
                new ReplayRow.Choice(oracleExit, oracleExit == 5 ? 0 : 7, oracleExit == 5 ? 0.9 : 0.6), new ReplayRow.Choice(1, 7, 0.6), 1,
                ReplayRow.Parts.NONE, ReplayRow.Parts.NONE);
    }

    @Test
    public void countsMetRequestsAccuracyProbesAndTheStepsAStrategyFollowed() {
        List<ReplayRow> rows = new ArrayList<>();
        // 4 Mbit/s: the final exit on the edge; a drop to 1 Mbit/s the oracle answers with exit 1,
        // which the strategy takes at its second request after the drop; then back up, never followed.
        double[] rates = {4, 4, 4, 1, 1, 1, 1, 4, 4, 4};
        int[] exits = {5, 5, 5, 5, 1, 1, 1, 1, 1, 1};
        for (int i = 0; i < rates.length; i++) {
            rows.add(row(i, rates[i], exits[i], rates[i] > 2 ? 5 : 1, exits[i] == 5 && rates[i] < 2 ? 20 : 5));
        }
        ReplaySummary s = ReplaySummary.of(rows, 1).get(0);
        assertEquals(10, s.requests());
        assertEquals("the one request at exit 5 over the slow link misses", 9, s.met());
        assertEquals((4 * 0.9 + 6 * 0.6) / 10, s.accuracy(), 1e-12);
        assertEquals((6 * 0.9 + 4 * 0.6) / 10, s.oracleAccuracy(), 1e-12);
        assertEquals("the safe oracle took exit 1 throughout", 0.6, s.safeOracleAccuracy(), 1e-12);
        assertEquals("1 ms of probing per 1 s turn", 0.001, s.probeShare(), 1e-12);
        assertEquals(2, s.steps());
        assertEquals(1, s.followed());
    }

    @Test
    public void aStepTheOraclePlansTheSameOnBothSidesOfAsksForNoChange() {
        List<ReplayRow> rows = new ArrayList<>();
        // The strategy holds exit 1 through a drop from 1.5 to 0.5 Mbit/s; the oracle takes exit 5 on both sides.
        double[] rates = {1.5, 1.5, 0.5, 0.5, 0.5};
        for (int i = 0; i < rates.length; i++) {
            rows.add(row(i, rates[i], 1, 5, 5));
        }
        assertEquals(0, ReplaySummary.of(rows, 1).get(0).steps());
    }

    @Test
    public void aBriefSpikeIsNoStep() {
        List<ReplayRow> rows = new ArrayList<>();
        double[] rates = {4, 4, 1, 4, 4, 4};
        for (int i = 0; i < rates.length; i++) {
            rows.add(row(i, rates[i], 5, rates[i] > 2 ? 5 : 1, 5));
        }
        assertEquals(0, ReplaySummary.of(rows, 1).get(0).steps());
    }

    private static ReplaySummary summary(String strategy, int met, double accuracy, double oracle) {
        return new ReplaySummary(strategy, 100, met, accuracy, oracle, oracle, 0, 0, 0);
    }

    @Test
    public void theTargetsHoldOnlyWhenEveryPartHolds() {
        List<ReplaySummary> good = List.of(summary("device-only", 0, 0.9, 0.9), summary("edge-only", 60, 0.9, 0.9),
                summary("neurosurgeon", 60, 0.9, 0.9), summary("edgent", 90, 0.9, 0.9), summary("edgent-dynamic", 96, 0.895, 0.904));
        assertEquals(List.of(), ReplaySummary.shortfalls(good));
        List<ReplaySummary> bad = new ArrayList<>(good);
        bad.set(1, summary("edge-only", 90, 0.9, 0.9)); // ties with edgent: not more often
        bad.set(4, summary("edgent-dynamic", 94, 0.88, 0.9));
        assertEquals(List.of("edgent-dynamic met 94.0%", "edgent met 90.0%, edge-only 90.0%", "edgent-dynamic 2.0 points below the oracle"),
                ReplaySummary.shortfalls(bad));
        java.util.Map<String, List<ReplaySummary>> byTrace = new java.util.LinkedHashMap<>();
        byTrace.put("a", good);
        byTrace.put("b", bad);
        String line = ReplaySummary.targets(byTrace);
        org.junit.Assert.assertTrue(line, line.contains("held together on 1 of 2 traces: a. Short: b (edgent-dynamic met 94.0%;"));
        assertEquals(List.of("edgent and edgent-dynamic did not both run"), ReplaySummary.shortfalls(good.subList(0, 3)));
    }

    @Test
    public void theMarkdownGivesEachTraceALineAndSaysWhereTheTargetsHeld() {
        List<ReplayRow> rows = new ArrayList<>();
        for (String strategy : List.of("edgent", "edgent-dynamic", "edge-only")) {
            for (int i = 0; i < 20; i++) {
                // edge-only misses a quarter of its requests; the others meet every one at the oracle's exit.
                rows.add(row(strategy, i, 4, 5, 5, strategy.equals("edge-only") && i % 4 == 0 ? 20 : 5));
            }
        }
        String md = ReplaySummary.markdown("set-up", java.util.Map.of("trace", 10.0), rows, 1);
        org.junit.Assert.assertTrue(md, md.contains("| trace | 10.0 | 100.0% · 0.900 (0.900, 0.600) | 100.0% · 0.900 (0.900, 0.600) "
                + "| 75.0% · 0.900 (0.900, 0.600) |"));
        org.junit.Assert.assertTrue(md, md.contains("held together on 1 of 1 traces: trace."));
        org.junit.Assert.assertTrue(md, md.contains("(95% or more on 1 of 1 traces)"));
    }
}
