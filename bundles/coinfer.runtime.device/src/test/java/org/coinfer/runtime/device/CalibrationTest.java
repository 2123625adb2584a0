package org.coinfer.runtime.device;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.util.List;
import org.coinfer.api.CutPoint;
import org.coinfer.api.DType;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.TensorSpec;
import org.coinfer.testing.LayerTimes;
import org.junit.Test;

public class CalibrationTest {
    static final Calibration.Segment DEVICE_PATH = new Calibration.Segment("m", Host.DEVICE, 1, 0, 3);
    static final Calibration.Segment EDGE_PATH = new Calibration.Segment("m", Host.EDGE, 1, 0, 3);
    @Test
    public void scalesEachHostByHowMuchSlowerRequestsRanThanPredicted() {
        Calibration c = new Calibration();
        LatencyPredictor times = LayerTimes.uniform(2, 1);
        c.observe(DEVICE_PATH, 10, 13);
        c.observe(DEVICE_PATH, 10, 13);
        assertSame("two observations are not enough", times, c.apply(times));
        for (int i = 0; i < 30; i++) {
            c.observe(DEVICE_PATH, 10, 13);
            c.observe(EDGE_PATH, 0.2, 5); // too short a part to tell anything
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
            c.observe(EDGE_PATH, 10, 10);
        }
        c.observe(EDGE_PATH, 10, 1000); // a segment's first run, loading it
        assertEquals(Math.pow(2, Calibration.WEIGHT), c.factor(Host.EDGE), 1e-9);
        for (int i = 0; i < 100; i++) {
            c.observe(EDGE_PATH, 10, 1000);
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

    @Test
    public void aSegmentThatRanOftenTakesTheMedianOfItsOwnLastRuns() {
        Calibration c = new Calibration();
        ModelDescription model = new ModelDescription("m", "h", new TensorSpec("x", DType.FLOAT32, new long[] {1, 4}),
                List.of(new Exit(1, "e1", 0.5, List.of(new CutPoint(0, "x", 16), new CutPoint(1, "e1", 4)))));
        LatencyPredictor times = LayerTimes.uniform(2, 1);
        Calibration.Segment toExit5 = new Calibration.Segment(model.id(), Host.DEVICE, 5, 0, 9);
        Calibration.Segment toExit4 = new Calibration.Segment(model.id(), Host.DEVICE, 4, 0, 7);
        c.observe(toExit4, 10, 19); // its first run loads it
        for (int i = 0; i < 4; i++) {
            c.observe(toExit5, 10, 8.5);
            c.observe(toExit4, 10, 11);
        }
        assertEquals(0.85, c.factor(toExit5), 1e-9);
        assertEquals("the loading run is outvoted", 1.1, c.factor(toExit4), 1e-9);
        LatencyPredictor p = c.apply(times);
        assertEquals(9 * 2 * 0.85, p.predictMs(Host.DEVICE, model, 5, 0, 9), 1e-9);
        assertEquals(7 * 2 * 1.1, p.predictMs(Host.DEVICE, model, 4, 0, 7), 1e-9);
        double host = c.factor(Host.DEVICE);
        assertEquals("a segment not seen takes the host's", 3 * 2 * host, p.predictMs(Host.DEVICE, model, 4, 0, 3), 1e-9);
        for (int i = 0; i < Calibration.SEGMENT_RUNS; i++) {
            c.observe(toExit5, 10, 12); // the machine slowed: its last runs are all that count
        }
        assertEquals(1.2, c.factor(toExit5), 1e-9);
    }
}
