package org.coinfer.strategy.baselines;

import static org.junit.Assert.assertEquals;

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

public class BaselinesTest {
    static final ModelDescription MODEL = new ModelDescription("m", "h", new TensorSpec("x", DType.FLOAT32, new long[] {1, 10}),
            List.of(new Exit(1, "e1", 0.5, List.of(new CutPoint(0, "x", 40), new CutPoint(1, "e1", 40))),
                    new Exit(2, "e2", 0.9, List.of(new CutPoint(0, "x", 40), new CutPoint(1, "a", 40), new CutPoint(2, "e2", 40)))));

    static final PlanningContext CTX = new PlanningContext(MODEL, new NetworkConditions(1e6, 1e6, 2), new LatencyRequirement(5),
            LayerTimes.uniform(1, 1));

    @Test
    public void deviceOnlyRunsTheFinalExitLocally() {
        var p = new DeviceOnly().plan(CTX);
        assertEquals(2, p.exit());
        assertEquals(2, p.cut());
        assertEquals(2.0, p.predicted().totalMs(), 1e-9);
        assertEquals("device-only", p.strategy());
    }

    @Test
    public void edgeOnlyShipsTheInputForTheFinalExit() {
        var p = new EdgeOnly().plan(CTX);
        assertEquals(2, p.exit());
        assertEquals(0, p.cut());
        assertEquals(0.32 + 2 + 2 + 0.32, p.predicted().totalMs(), 1e-9);
        assertEquals("edge-only", p.strategy());
    }
}
