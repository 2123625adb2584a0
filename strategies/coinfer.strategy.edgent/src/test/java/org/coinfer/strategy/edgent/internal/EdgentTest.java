package org.coinfer.strategy.edgent.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.coinfer.api.CutPoint;
import org.coinfer.api.DType;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.TensorSpec;
import org.coinfer.testing.LayerTimes;
import org.junit.Test;

public class EdgentTest {
    private static final int CASES = 20_000;

    /**
     * Three exits sharing a two-layer backbone. Device layers take 10 ms, edge layers 1 ms; the
     * input is 10 kB, the backbone's tensors 40 kB then 1 kB, results 125 B.
     */
    static final ModelDescription MODEL = new ModelDescription("m", "h", new TensorSpec("x", DType.FLOAT32, new long[] {1, 2500}),
            List.of(exit(1, 0.6, 10_000, 125),
                    exit(2, 0.8, 10_000, 40_000, 125),
                    exit(3, 0.9, 10_000, 40_000, 1_000, 125)));

    static final LatencyPredictor TEN_AND_ONE = LayerTimes.uniform(10, 1);

    private static Exit exit(int number, double accuracy, long... bytes) {
        List<CutPoint> cuts = new ArrayList<>();
        for (int c = 0; c < bytes.length; c++) {
            cuts.add(new CutPoint(c, c == bytes.length - 1 ? "exit" + number : "t" + c, bytes[c]));
        }
        return new Exit(number, "exit" + number, accuracy, cuts);
    }

    private static Plan plan(ModelDescription model, double mbps, double deadlineMs) {
        return new Edgent().plan(new PlanningContext(model, new NetworkConditions(mbps * 1e6, mbps * 1e6, 2),
                new LatencyRequirement(deadlineMs), TEN_AND_ONE));
    }

    @Test
    public void aLooseRequirementGetsTheFinalExitAtItsFastestCut() {
        Plan p = plan(MODEL, 100, 1_000);
        assertEquals(3, p.exit());
        assertEquals("10 kB at 100 Mbit/s beats 30 ms on the device", 0, p.cut());
        assertTrue(p.meetsRequirement());
        assertEquals("edgent", p.strategy());
    }

    @Test
    public void aTightRequirementOnASlowLinkTakesAnEarlierExit() {
        // At 0.1 Mbit/s every transfer of the input costs 800 ms: only device-only plans are fast.
        // Exit 3 on the device takes 30 ms, exit 2 20 ms, exit 1 10 ms.
        assertEquals(3, plan(MODEL, 0.1, 35).exit());
        Plan p = plan(MODEL, 0.1, 25);
        assertEquals(2, p.exit());
        assertEquals("device-only", 2, p.cut());
        assertEquals(1, plan(MODEL, 0.1, 15).exit());
    }

    @Test
    public void whenNothingMeetsTheRequirementTheFastestPlanOfAllIsAMiss() {
        Plan p = plan(MODEL, 0.1, 5);
        assertFalse(p.meetsRequirement());
        assertEquals("exit 1 on the device, 10 ms, is the fastest of all", 1, p.exit());
        assertEquals(1, p.cut());
    }

    @Test
    public void equallyFastPlansPreferFewerBytesOnTheLink() {
        // Exit 3 at 1 Mbit/s: cut 2 costs 20 ms on the device, 8 ms to ship 1 kB, a 2 ms round
        // trip, 1 ms on the edge and 1 ms to return 125 B: 32 ms. Make the device's third layer
        // cost 12 ms and the device-only plan takes 32 ms too (every term exact in binary).
        LatencyPredictor tied = new LayerTimes((host, exit, layer) -> host == Host.EDGE ? 1 : exit == 3 && layer == 2 ? 12 : 10);
        PlanningContext ctx = new PlanningContext(MODEL, new NetworkConditions(1e6, 1e6, 2), new LatencyRequirement(40), tied);
        assertEquals(ctx.predict(3, 2).totalMs(), ctx.predict(3, 3).totalMs(), 0);
        Plan p = new Edgent().plan(ctx);
        assertEquals(3, p.exit());
        assertEquals("device-only sends nothing", 3, p.cut());
    }

    @Test
    public void exitsWithoutMeasuredAccuracyAreOrderedByDepthAndTheLogSaysSoOnce() {
        ModelDescription unmeasured = new ModelDescription("u", "h2", MODEL.input(),
                List.of(exit(1, Double.NaN, 10_000, 40), exit(2, Double.NaN, 10_000, 40_000, 40)));
        List<String> log = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                log.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger jul = Logger.getLogger(Edgent.class.getName());
        jul.addHandler(handler);
        try {
            Edgent edgent = new Edgent();
            for (int i = 0; i < 3; i++) {
                PlanningContext ctx = new PlanningContext(unmeasured, new NetworkConditions(1e5, 1e5, 2),
                        new LatencyRequirement(25), TEN_AND_ONE);
                assertEquals("the deeper exit meets 25 ms on the device", 2, edgent.plan(ctx).exit());
            }
            assertEquals(log.toString(), 1, log.size());
            assertTrue(log.get(0), log.get(0).contains("orders them by depth"));
        } finally {
            jul.removeHandler(handler);
        }
    }

    @Test
    public void equalsABruteForceOracleOnRandomCases() {
        Random seeds = new Random(7);
        int met = 0;
        int earlyExits = 0;
        for (int i = 0; i < CASES; i++) {
            long seed = seeds.nextLong();
            RandomCase c = RandomCase.draw(new Random(seed));
            PlanningContext ctx = c.context();
            Plan expected = Oracle.decide(ctx);
            Plan actual = new Edgent().plan(ctx);
            if (expected.exit() != actual.exit() || expected.cut() != actual.cut()
                    || expected.meetsRequirement() != actual.meetsRequirement()) {
                fail("case " + i + " (seed " + seed + "): oracle " + describe(ctx, expected) + ", edgent " + describe(ctx, actual)
                        + "; link " + c.network() + ", requirement " + c.deadlineMs() + " ms");
            }
            met += actual.meetsRequirement() ? 1 : 0;
            earlyExits += actual.exit() != c.model().exits().size() ? 1 : 0;
        }
        // The cases must exercise both outcomes and early exits, or the comparison proves little.
        assertTrue("cases that met their requirement: " + met, met > CASES / 5 && met < CASES * 4 / 5);
        assertTrue("cases decided on an early exit: " + earlyExits, earlyExits > CASES / 10);
    }

    @Test
    public void theChosenExitNeverLosesAccuracyAsBandwidthRises() {
        Random seeds = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            long seed = seeds.nextLong();
            RandomCase c = RandomCase.draw(new Random(seed));
            double previous = -1;
            for (double bps = 1e4; bps <= 1e9; bps *= 2) {
                Plan p = new Edgent().plan(c.context(new NetworkConditions(bps, bps, c.network().rttMs())));
                if (!p.meetsRequirement()) {
                    continue;
                }
                double rank = rank(c.model(), p.exit());
                assertTrue("seed " + seed + ": exit " + p.exit() + " at " + bps + " bit/s ranks below the previous choice",
                        rank >= previous);
                previous = rank;
            }
        }
    }

    /** Accuracy, or depth when some exit has none: what Edgent maximises. */
    private static double rank(ModelDescription m, int exit) {
        boolean byDepth = m.exits().stream().anyMatch(e -> Double.isNaN(e.accuracy()));
        return byDepth ? exit : m.exit(exit).accuracy();
    }

    private static String describe(PlanningContext ctx, Plan p) {
        return String.format("exit %d cut %d (%.6f ms, %d B, device %.6f ms, %s)", p.exit(), p.cut(), p.predicted().totalMs(),
                ctx.linkBytes(p.exit(), p.cut()), p.predicted().deviceMs(), p.meetsRequirement() ? "meets" : "misses");
    }
}
