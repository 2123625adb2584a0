package org.coinfer.demo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.NoSuchElementException;
import org.coinfer.api.LatencyBreakdown;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.Outcome;
import org.coinfer.api.Plan;
import org.junit.Test;

public class PointTest {
    private static final double DEADLINE = 50;

    private static Outcome outcome(String strategy, int exit, int cut, double predictedMs, double totalMs, double mbps) {
        Plan plan = new Plan(strategy, exit, cut, new LatencyBreakdown(predictedMs, 0, 0, 0, 0), true);
        return new Outcome(plan, new NetworkConditions(mbps * 1e6, mbps * 1e6, 1), null, totalMs, 0, 0, 0, totalMs);
    }

    @Test
    public void theMostCommonPlanIsReported() {
        Point p = new Point();
        p.add(outcome("edgent", 5, 2, 10, 10, 1), 1, DEADLINE, 0.9);
        p.add(outcome("edgent", 3, 7, 10, 10, 1), 1, DEADLINE, 0.9);
        p.add(outcome("edgent", 3, 7, 10, 10, 1), 1, DEADLINE, 0.9);
        p.add(outcome("edgent", 5, 7, 10, 10, 1), 1, DEADLINE, 0.9);
        Row r = p.row("edgent", 1, DEADLINE);
        assertEquals(3, r.exit());
        assertEquals(7, r.cut());
        assertEquals(4, r.requests());
    }

    @Test
    public void fractionsAndMeansAreOverAllRequests() {
        Point p = new Point();
        p.add(outcome("edgent", 1, 1, 20, 40, 2), 1, DEADLINE, 0.9);
        p.add(outcome("edgent", 1, 1, 30, DEADLINE, 4), 0, DEADLINE, 0.9);
        p.add(outcome("edgent", 1, 1, 40, 80, 6), 1, DEADLINE, 0.9);
        p.add(outcome("edgent", 1, 1, 50, 90, 8), 0, DEADLINE, 0.5);
        Row r = p.row("edgent", 5, DEADLINE);
        assertEquals((0.9 * 3 + 0.5) / 4, r.accuracy(), 1e-12);
        assertEquals(40, r.spread().minMs(), 0);
        assertEquals(90, r.spread().maxMs(), 0);
        // Sample standard deviation of 40, DEADLINE (50), 80, 90.
        assertEquals(Math.sqrt((25 * 25 + 15 * 15 + 15 * 15 + 25 * 25) / 3.0), r.spread().sdMs(), 1e-9);
        assertEquals("a request exactly at the deadline meets it", 0.5, r.met(), 1e-12);
        assertEquals(0.5, r.correct(), 1e-12);
        assertEquals(35, r.predictedMs(), 1e-9);
        assertEquals(65, r.measuredMs(), 1e-9);
        assertEquals(5, r.measuredMbps(), 1e-9);
        assertEquals(5, r.bandwidthMbps(), 0);
        assertEquals(DEADLINE, r.deadlineMs(), 0);
    }

    @Test
    public void unknownCorrectnessStaysUnknown() {
        Point p = new Point();
        p.add(outcome("edgent", 1, 1, 1, 1, 1), Double.NaN, DEADLINE, 0.9);
        assertTrue(Double.isNaN(p.row("edgent", 1, DEADLINE).correct()));
    }

    @Test
    public void aFallbackShowsWhichStrategyRan() {
        Point p = new Point();
        p.add(outcome("device-only (fallback)", 5, 9, 1, 1, 1), 1, DEADLINE, 0.9);
        assertEquals("edgent -> device-only (fallback)", p.row("edgent", 1, DEADLINE).strategy());
        Point same = new Point();
        same.add(outcome("edgent", 5, 9, 1, 1, 1), 1, DEADLINE, 0.9);
        assertEquals("edgent", same.row("edgent", 1, DEADLINE).strategy());
    }

    @Test
    public void aPointWithoutRequestsHasNoRow() {
        assertThrows(NoSuchElementException.class, () -> new Point().row("edgent", 1, DEADLINE));
    }
}
