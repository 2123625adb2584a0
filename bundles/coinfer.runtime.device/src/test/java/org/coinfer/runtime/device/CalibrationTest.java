package org.coinfer.runtime.device;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import org.coinfer.api.Host;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.testing.LayerTimes;
import org.junit.Test;

public class CalibrationTest {
    @Test
    public void scalesEachHostByHowMuchSlowerRequestsRanThanPredicted() {
        Calibration c = new Calibration();
        LatencyPredictor times = LayerTimes.uniform(2, 1);
        c.observe(Host.DEVICE, 10, 13);
        c.observe(Host.DEVICE, 10, 13);
        assertSame("two observations are not enough", times, c.apply(times));
        for (int i = 0; i < 30; i++) {
            c.observe(Host.DEVICE, 10, 13);
            c.observe(Host.EDGE, 0.2, 5); // too short a part to tell anything
        }
        assertEquals(1.3, c.factor(Host.DEVICE), 1e-9);
        assertEquals(1, c.factor(Host.EDGE), 0);
        assertEquals(3 * 2 * 1.3, c.apply(times).predictMs(Host.DEVICE, null, 1, 0, 3), 1e-9);
        assertEquals(3 * 1.0, c.apply(times).predictMs(Host.EDGE, null, 1, 0, 3), 1e-9);
    }

    @Test
    public void oneOutlierMovesItByAtMostAFactorOfTwoWeightedAndTheFactorStaysBounded() {
        Calibration c = new Calibration();
        for (int i = 0; i < 3; i++) {
            c.observe(Host.EDGE, 10, 10);
        }
        c.observe(Host.EDGE, 10, 1000); // a segment's first run, loading it
        assertEquals(Math.pow(2, Calibration.WEIGHT), c.factor(Host.EDGE), 1e-9);
        for (int i = 0; i < 100; i++) {
            c.observe(Host.EDGE, 10, 1000);
        }
        assertEquals(Calibration.BOUND, c.factor(Host.EDGE), 1e-9);
    }

    @Test
    public void addsTheMedianExtraTimeOfRecentCallsToEverySegmentTheEdgeRuns() {
        Calibration c = new Calibration();
        LatencyPredictor times = LayerTimes.uniform(2, 1);
        c.observeCall(0.4);
        c.observeCall(0.5);
        assertSame("two calls are not enough", times, c.apply(times));
        c.observeCall(30); // a pause: the median ignores it
        assertEquals(0.5, c.callMs(), 1e-12);
        for (int i = 0; i < Calibration.CALLS; i++) {
            c.observeCall(i % 2 == 0 ? 0.6 : -1); // a negative extra (clock granularity) counts as none
        }
        assertEquals("only the last " + Calibration.CALLS + " calls count", 0.6, c.callMs(), 1e-12);
        LatencyPredictor p = c.apply(times);
        assertEquals(3 * 1.0 + 0.6, p.predictMs(Host.EDGE, null, 1, 2, 5), 1e-9);
        assertEquals("no segment, no call", 0, p.predictMs(Host.EDGE, null, 1, 5, 5), 1e-9);
        assertEquals("the device's part has no call", 3 * 2.0, p.predictMs(Host.DEVICE, null, 1, 0, 3), 1e-9);
    }
}
