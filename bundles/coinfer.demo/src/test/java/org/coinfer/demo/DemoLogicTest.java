package org.coinfer.demo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.coinfer.api.CutPoint;
import org.coinfer.api.DType;
import org.coinfer.api.Exit;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.TensorSpec;
import org.coinfer.testing.LayerTimes;
import org.junit.Test;

/** What the demo decides and concludes from its measurements, on made-up numbers. */
public class DemoLogicTest {
    /** Three exits of 1, 4 and 8 layers; each layer takes 2 ms on the device, 0.2 ms on the edge; a 40 kB input. */
    static final ModelDescription MODEL = new ModelDescription("m", "h", new TensorSpec("x", DType.FLOAT32, new long[] {1, 10_000}),
            List.of(exit(1, 0.6, 1), exit(2, 0.8, 4), exit(3, 0.9, 8)));

    private static Exit exit(int number, double accuracy, int layers) {
        List<CutPoint> cuts = new java.util.ArrayList<>();
        for (int c = 0; c <= layers; c++) {
            cuts.add(new CutPoint(c, c == layers ? "exit" + number : "t" + c, c == 0 ? 40_000 : c == layers ? 40 : 100_000));
        }
        return new Exit(number, "exit" + number, accuracy, cuts);
    }

    private static Row row(String strategy, double mbps, double deadline, int exit, double met) {
        return new Row(strategy, mbps, mbps, deadline, 4, exit, 0, 1, 1, 1, met, 0.9, new Row.Spread(0, 1, 1));
    }

    @Test
    public void requirementsAdmitDifferentExitsOnTheDeviceAndKeepAwayFromEveryPlan() {
        PlanningContext ctx = new PlanningContext(MODEL, new NetworkConditions(1e6, 1e6, 1), new LatencyRequirement(1),
                LayerTimes.uniform(2, 0.2));
        Requirements r = Requirements.choose(ctx, new double[] {1, 10}, new double[] {100}, 2);
        List<Requirements.Chosen> chosen = r.chosen();
        assertTrue(r.describe(), !chosen.isEmpty());
        for (Requirements.Chosen c : chosen) {
            assertTrue(r.describe(), c.margin() >= Requirements.MARGIN);
            long admitted = java.util.Arrays.stream(r.deviceOnlyMs()).filter(t -> t <= c.ms()).count();
            assertEquals(r.describe(), c.admitted(), admitted);
        }
        assertEquals("each admits another number of exits", chosen.size(), chosen.stream().mapToInt(Requirements.Chosen::admitted).distinct().count());
        double[] all = r.all();
        assertEquals(100, all[all.length - 1], 0);
        assertTrue(r.describe(), r.describe().contains("only one exit meets it"));
    }

    @Test
    public void aReplayRequirementLiesFarthestFromTheDeviceExitsAndTheEdge() {
        double[] device = {4.5, 13.7, 14.1, 16.4, 19.3};
        // A fast trace: the widest gap in ratio is between the edge (10.2) and exit 2 (13.7).
        Requirements fast = Requirements.forReplay(device, 10.2);
        double r = fast.farthestWithin(10.2, 19.3);
        assertEquals(Math.sqrt(10.2 * 13.7), r, 0.1);
        assertEquals(13.7 / r - 1, fast.distance(r), 0.01);
        // A slower one: the edge at 14.8 leaves exits 4 and 5 the widest gap.
        assertEquals(Math.sqrt(16.4 * 19.3), Requirements.forReplay(device, 14.8).farthestWithin(14.8, 19.3), 0.1);
        // The edge barely faster than the device: every point is within noise of one of them.
        Requirements close = Requirements.forReplay(device, 18.9);
        assertTrue(close.distance(close.farthestWithin(18.9, 19.3)) < Replay.NOISE);
    }

    @Test
    public void theVerdictFindsAPointWhereEdgentFellShortAndAnExitThatFell() {
        List<Row> fine = List.of(row("edgent", 1, 10, 1, 1), row("neurosurgeon", 1, 10, 3, 0),
                row("edgent", 2, 10, 3, 1), row("neurosurgeon", 2, 10, 3, 1));
        Verdict ok = Verdict.of(fine, MODEL);
        assertEquals(List.of(), ok.dominance());
        assertEquals(List.of(), ok.monotonicity());
        assertEquals(1, ok.points());

        List<Row> bad = List.of(row("edgent", 1, 10, 2, 1), row("neurosurgeon", 1, 10, 3, 1),
                row("edgent", 2, 10, 1, 1), row("edgent", 4, 10, 3, 0.5), row("device-only", 4, 10, 3, 1));
        Verdict v = Verdict.of(bad, MODEL);
        assertEquals(v.dominance().toString(), 2, v.dominance().size());
        assertTrue(v.dominance().get(0), v.dominance().get(0).contains("neurosurgeon met it at exit 3, edgent met it at exit 2"));
        assertTrue(v.dominance().get(1), v.dominance().get(1).contains("device-only met it at exit 3, edgent missed it"));
        assertEquals(v.monotonicity().toString(), 1, v.monotonicity().size());
        assertTrue(v.monotonicity().get(0), v.monotonicity().get(0).contains("exit 2 at 1 Mbit/s, exit 1 at 2 Mbit/s"));
    }

    @Test
    public void aStepIsFollowedAtTheFirstEstimateWithinTwentyPercent() {
        assertEquals(2, new Step(10, 2, List.of(10.0, 3.5, 2.1, 1.9)).followedAfter());
        assertEquals(-1, new Step(0.25, 0.05, List.of(0.25, 0.062, 0.037, 0.039)).followedAfter());
        assertTrue(new Step(0.25, 0.05, List.of(0.25, 0.062, 0.037, 0.039)).describe().endsWith("(not within 20%)"));
        assertTrue(Step.summary(List.of(new Step(10, 2, List.of(10.0, 2.0)), new Step(2, 1, List.of(2.0, 2.0))))
                .endsWith("within 1 requests at 1 of 2 steps"));
    }

    @Test
    public void theEmulationsSlowdownAndSpreadComeFromTheSameRequests() {
        Emulation e = new Emulation(new double[] {19, 20, 21}, new double[] {2, 2, 2});
        assertEquals(10, e.slowdown(), 1e-12);
        assertEquals(1 / 20.0, e.spread(), 1e-12);
    }
}
