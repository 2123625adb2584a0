package org.coinfer.strategy.neurosurgeon;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.coinfer.api.CutPoint;
import org.coinfer.api.DType;
import org.coinfer.api.Exit;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.TensorSpec;
import org.coinfer.testing.LayerTimes;
import org.junit.Test;

public class NeurosurgeonTest {
    /** Two exits; the final one's path shrinks the tensor after layer 2, where a split pays off. */
    static final ModelDescription MODEL = new ModelDescription("m", "h", new TensorSpec("x", DType.FLOAT32, new long[] {1, 1000}),
            List.of(new Exit(1, "e1", 0.6, List.of(new CutPoint(0, "x", 4000), new CutPoint(1, "e1", 40))),
                    new Exit(2, "e2", 0.9, List.of(new CutPoint(0, "x", 4000), new CutPoint(1, "a", 16000),
                            new CutPoint(2, "b", 400), new CutPoint(3, "e2", 40)))));

    static final LatencyPredictor PREDICTOR = LayerTimes.uniform(10, 1);

    private Plan plan(double bps) {
        return new Neurosurgeon().plan(new PlanningContext(MODEL, new NetworkConditions(bps, bps, 1), new LatencyRequirement(25), PREDICTOR));
    }

    @Test
    public void alwaysKeepsTheFinalExitAndPicksTheFastestCut() {
        assertEquals(2, plan(1e9).exit());
        assertEquals("fast link: ship the input", 0, plan(1e9).cut());
        assertEquals("medium link: split after the tensor shrinks", 2, plan(1e6).cut());
        assertEquals("slow link: stay on the device", 3, plan(1e3).cut());
        assertEquals("neurosurgeon", plan(1e3).strategy());
    }
}
