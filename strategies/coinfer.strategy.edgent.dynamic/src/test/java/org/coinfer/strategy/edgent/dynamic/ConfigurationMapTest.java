package org.coinfer.strategy.edgent.dynamic;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.strategy.edgent.JointOptimizer;
import org.junit.Test;

public class ConfigurationMapTest {
    /** Rates from 0.1 to 10 Mbit/s, log-uniform. */
    static Trace sweep(String name) {
        int n = 200;
        double[] t = new double[n];
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i + 1;
            r[i] = 0.1 * Math.pow(100, (double) i / (n - 1));
        }
        return new Trace(name, t, r);
    }

    static final LatencyRequirement REQUIREMENT = new LatencyRequirement(12);

    static ConfigurationMap map() {
        return ConfigurationMap.build(Models.CNN, Models.TIMES, REQUIREMENT, 1, List.of(sweep("a")), 8, 0.95, 0);
    }

    @Test
    public void statesSplitTheSamplesEvenlyAndEachPlanMeetsTheRequirementAcrossItsState() {
        ConfigurationMap m = map();
        assertEquals(8, m.states().size());
        m.entries().forEach(e -> assertEquals(25, e.samples()));
        for (int i = 0; i < m.states().size(); i++) {
            ConfigurationMap.Entry e = m.entries().get(i);
            double low = Math.max(0.1, m.states().edges()[i]);
            PlanningContext atLow = new PlanningContext(Models.CNN, new NetworkConditions(low * 1e6, low * 1e6, 1), REQUIREMENT, Models.TIMES);
            Plan edgentAtLow = JointOptimizer.choose(atLow, "edgent");
            if (e.meetShare() >= 0.95) {
                // As accurate as what edgent would choose at the state's lowest rate, at least.
                assertTrue("state " + i + ": exit " + e.exit() + " vs edgent's " + edgentAtLow.exit() + " at " + low,
                        Models.CNN.exit(e.exit()).accuracy() >= Models.CNN.exit(edgentAtLow.exit()).accuracy());
            }
        }
        // The fastest state gets the final exit off the device; the slowest an earlier exit than the final one.
        assertEquals(5, m.entries().get(7).exit());
        assertTrue(m.entries().get(7).cut() < Models.CNN.exit(5).layers());
        assertTrue(m.entries().get(0).exit() < 5);
        assertEquals(m.entries().get(7), m.entry(50));
        assertEquals(m.entries().get(0), m.entry(0.01));
    }

    @Test
    public void roundTripsAsJsonAndSaysWhatItWasBuiltFor() {
        ConfigurationMap m = map();
        ConfigurationMap back = ConfigurationMap.parse(m.toJson(), "map.json");
        assertEquals(m.entries(), back.entries());
        assertEquals(m.states(), back.states());
        assertTrue(back.fits(Models.CNN, REQUIREMENT));
        assertFalse(back.fits(Models.CNN, new LatencyRequirement(13)));
        back.check(Models.CNN, "map.json");
    }

    @Test
    public void badMapsNameTheFileAndTheField() {
        String good = map().toJson();
        String e = assertThrows(IllegalArgumentException.class, () -> ConfigurationMap.parse(good.replace("\"version\": 1", "\"version\": 2"),
                "m.json")).getMessage();
        assertEquals("m.json: field 'version': expected 1, found 2", e);
        e = assertThrows(IllegalArgumentException.class, () -> ConfigurationMap.parse(good.replaceFirst("\"fromMbps\": 0,", "\"fromMbps\": 1,"),
                "m.json")).getMessage();
        assertTrue(e, e.startsWith("m.json: field 'states[0].fromMbps': expected 0 (the first state starts at 0), found 1"));
        ConfigurationMap bad = ConfigurationMap.parse(good.replaceFirst("\"exit\": [0-9]+", "\"exit\": 9"), "m.json");
        e = assertThrows(IllegalArgumentException.class, () -> bad.check(Models.CNN, "m.json")).getMessage();
        assertEquals("m.json: field 'states[0].exit': expected 1..5 (model demo-cnn), found 9", e);
    }

    @Test
    public void tracesAreReadWithErrorsNamingFileAndLine() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("trace", ".tsv");
        java.nio.file.Files.writeString(f, "0.5\t1.5\n1.0\t2.5\n");
        Trace t = Trace.read(f);
        assertEquals(1.5, t.rateAt(0.2), 0);
        assertEquals(2.5, t.rateAt(0.7), 0);
        assertEquals(2.5, t.rateAt(9), 0);
        assertEquals(2.0, t.median(), 0);
        java.nio.file.Files.writeString(f, "0.5\t1\n1.0\t2\n1.5\t9\n2.0\t9\n");
        Trace whole = Trace.read(f);
        assertEquals(5.5, whole.median(), 0);
        // The first second: samples at 0.5 and 1.0 cover it; the median is theirs, not the whole trace's.
        assertEquals(1.5, whole.head(1).median(), 0);
        assertEquals(1.0, whole.head(1).duration(), 0);
        assertEquals(3, whole.head(1.2).seconds().length);
        assertEquals(whole, whole.head(60));
        java.nio.file.Files.writeString(f, "0.5\t1.5\n0.4\t2.5\n");
        String e = assertThrows(IllegalArgumentException.class, () -> Trace.read(f)).getMessage();
        assertEquals(f + ":2: expected a time after the previous sample's 0.5 s, found 0.4", e);
        java.nio.file.Files.writeString(f, "0.5 fast\n");
        e = assertThrows(IllegalArgumentException.class, () -> Trace.read(f)).getMessage();
        assertEquals(f + ":1: expected two numbers, seconds and Mbit/s, found '0.5 fast'", e);
    }
}
