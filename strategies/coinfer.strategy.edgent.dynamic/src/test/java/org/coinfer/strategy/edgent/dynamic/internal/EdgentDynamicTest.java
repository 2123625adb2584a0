package org.coinfer.strategy.edgent.dynamic.internal;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.strategy.edgent.JointOptimizer;
import org.coinfer.strategy.edgent.dynamic.ConfigurationMap;
import org.coinfer.strategy.edgent.dynamic.ConfigurationMapTestAccess;
import org.coinfer.strategy.edgent.dynamic.Cusum;
import org.coinfer.testing.ComponentConfigs;
import org.coinfer.testing.LayerTimes;
import org.junit.Test;

public class EdgentDynamicTest {
    static PlanningContext at(double mbps, LatencyRequirement r) {
        return at(mbps, r, ConfigurationMapTestAccess.times());
    }

    static PlanningContext at(double mbps, LatencyRequirement r, LatencyPredictor predictor) {
        return new PlanningContext(ConfigurationMapTestAccess.model(), new NetworkConditions(mbps * 1e6, mbps * 1e6, 1), r, predictor);
    }

    /** A rate in the map's slowest state. */
    static final double SLOW_MBPS = 0.15;

    /** The map's requirement at this rate, with the device's time per layer as the runtime calibrated it; the edge's as the map's. */
    static PlanningContext calibrated(double mbps, double deviceMsPerLayer) {
        return at(mbps, ConfigurationMapTestAccess.requirement(),
                new LayerTimes((host, exit, layer) -> host == Host.DEVICE ? deviceMsPerLayer : 0.1));
    }

    static Path written(ConfigurationMap map) throws Exception {
        Path file = Files.createTempDirectory("map").resolve("map.json");
        map.write(file);
        return file;
    }

    static EdgentDynamic strategy(Path map) {
        return new EdgentDynamic(ComponentConfigs.of(EdgentDynamic.Config.class, Map.of("map", map == null ? "" : map.toString())));
    }

    @Test
    public void followsTheMapAcrossChangePointsAndHoldsItsPlanThroughNoise() throws Exception {
        ConfigurationMap map = ConfigurationMapTestAccess.map();
        EdgentDynamic s = strategy(written(map));
        LatencyRequirement r = ConfigurationMapTestAccess.requirement();
        ConfigurationMap.Entry fast = map.entry(8);
        ConfigurationMap.Entry slow = map.entry(0.15);
        for (double mbps : new double[] {8, 7.5, 8.4, 7.9}) {
            Plan p = s.plan(at(mbps, r));
            assertEquals("edgent-dynamic", p.strategy());
            assertEquals(fast.exit(), p.exit());
            assertEquals(fast.cut(), p.cut());
        }
        // A drop to 0.15 Mbit/s: the first request after it already sees the new state.
        Plan p = s.plan(at(0.15, r));
        assertEquals(slow.exit(), p.exit());
        assertEquals(slow.cut(), p.cut());
    }

    @Test
    public void whenThePredictorNowSaysTheMapsPlanWouldMissItTakesEdgentsChoiceAtTheSegmentsRate() throws Exception {
        ConfigurationMap map = ConfigurationMapTestAccess.map();
        EdgentDynamic s = strategy(written(map));
        LatencyRequirement r = ConfigurationMapTestAccess.requirement();
        // The device turned out twice as slow as the map was built for (the runtime calibrated).
        PlanningContext live = calibrated(SLOW_MBPS, 4);
        ConfigurationMap.Entry stale = map.entry(SLOW_MBPS);
        assertEquals("the map's plan misses now", false, live.predict(stale.exit(), stale.cut()).totalMs() <= r.deadlineMs());
        Plan p = s.plan(live);
        Plan edgent = JointOptimizer.choose(live, "edgent-dynamic");
        assertEquals(edgent.exit(), p.exit());
        assertEquals(edgent.cut(), p.cut());
    }

    @Test
    public void whenTheLatestEstimateLiesBelowTheSegmentsRateTheMapsPlanMustFitThereToo() throws Exception {
        ConfigurationMap map = ConfigurationMapTestAccess.map();
        // A detector that never signals: after 20 requests at 8 Mbit/s, the segment's rate stays
        // near 8 while the link slides to 0.15.
        EdgentDynamic s = new EdgentDynamic(ComponentConfigs.of(EdgentDynamic.Config.class,
                Map.of("map", written(map).toString(), "threshold", 1e9)));
        LatencyRequirement r = ConfigurationMapTestAccess.requirement();
        Cusum same = new Cusum(0.25, 1e9);
        Plan p = null;
        for (int i = 0; i < 21; i++) {
            double mbps = i < 20 ? 8 : 0.15;
            same.observe(mbps);
            p = s.plan(at(mbps, r));
        }
        ConfigurationMap.Entry atLevel = map.entry(same.level());
        assertEquals("the segment's state's plan fits at its rate", true,
                at(same.level(), r).predict(atLevel.exit(), atLevel.cut()).totalMs() <= map.budget().deadlineMs());
        assertEquals("but misses at the latest", false, at(0.15, r).predict(atLevel.exit(), atLevel.cut()).totalMs() <= r.deadlineMs());
        Plan edgent = JointOptimizer.choose(at(0.15, map.budget()), "edgent-dynamic");
        assertEquals(edgent.exit(), p.exit());
        assertEquals(edgent.cut(), p.cut());
    }

    @Test
    public void aMoreAccuratePlanOnTheDeviceAloneThatNowFitsReplacesTheMapsPlan() throws Exception {
        ConfigurationMap map = ConfigurationMapTestAccess.map();
        EdgentDynamic s = strategy(written(map));
        LatencyRequirement r = ConfigurationMapTestAccess.requirement();
        // The device turned out four times as quick as the map was built for (the runtime calibrated).
        PlanningContext live = calibrated(SLOW_MBPS, 0.5);
        ConfigurationMap.Entry stale = map.entry(SLOW_MBPS);
        int best = 0;
        for (Exit e : live.model().exits()) {
            if (live.predict(e.number(), e.layers()).totalMs() <= r.deadlineMs() && (best == 0 || e.accuracy() > live.model().exit(best).accuracy())) {
                best = e.number();
            }
        }
        assertEquals("a better exit fits on the device alone now", true,
                live.model().exit(best).accuracy() > live.model().exit(stale.exit()).accuracy());
        Plan p = s.plan(live);
        assertEquals(best, p.exit());
        assertEquals(live.model().exit(best).layers(), p.cut());
        assertEquals("and it is the plan edgent takes at that rate", JointOptimizer.choose(live, "edgent-dynamic").exit(), p.exit());
    }

    @Test
    public void withoutAMapOrForAnotherRequirementItPlansAsEdgentDoes() throws Exception {
        LatencyRequirement r = ConfigurationMapTestAccess.requirement();
        for (double mbps : new double[] {0.2, 1, 5}) {
            Plan edgent = JointOptimizer.choose(at(mbps, r), "edgent-dynamic");
            assertEquals(edgent, strategy(null).plan(at(mbps, r)));
            assertEquals(edgent, strategy(Path.of("/nonexistent/map.json")).plan(at(mbps, r)));
        }
        Path file = written(ConfigurationMapTestAccess.map());
        LatencyRequirement other = new LatencyRequirement(30);
        assertEquals(JointOptimizer.choose(at(0.2, other), "edgent-dynamic"), strategy(file).plan(at(0.2, other)));
    }
}
