package org.coinfer.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class PlanningContextTest {
    /** One exit, three layers; cut tensors of 1000, 4000, 500 and 40 bytes. */
    static final ModelDescription MODEL = new ModelDescription("m", "h", new TensorSpec("x", DType.FLOAT32, new long[] {1, 250}),
            List.of(new Exit(1, "y", 0.9, List.of(new CutPoint(0, "x", 1000), new CutPoint(1, "a", 4000),
                    new CutPoint(2, "b", 500), new CutPoint(3, "y", 40)))));

    /** Device layers take 10, 20, 30 ms; edge layers 1, 2, 3 ms. */
    static final LatencyPredictor PREDICTOR = new LatencyPredictor() {
        @Override
        public double predictMs(Host host, ModelDescription model, int exit, int fromCut, int toCut) {
            double[] t = host == Host.DEVICE ? new double[] {10, 20, 30} : new double[] {1, 2, 3};
            double s = 0;
            for (int k = fromCut; k < toCut; k++) {
                s += t[k];
            }
            return s;
        }

        @Override
        public boolean covers(ModelDescription model) {
            return true;
        }
    };

    // 1 Mbit/s both ways, 5 ms RTT: 1000 bytes take 8 ms.
    static final NetworkConditions NET = new NetworkConditions(1e6, 1e6, 5);

    @Test
    public void splitPlanAddsDevicePrefixUploadRttEdgeSuffixAndDownload() {
        PlanningContext ctx = new PlanningContext(MODEL, NET, new LatencyRequirement(100), PREDICTOR);
        LatencyBreakdown t = ctx.predict(1, 2);
        assertEquals(30, t.deviceMs(), 1e-9);
        assertEquals(4, t.uploadMs(), 1e-9);
        assertEquals(5, t.rttMs(), 1e-9);
        assertEquals(3, t.edgeMs(), 1e-9);
        assertEquals(0.32, t.downloadMs(), 1e-9);
        assertEquals(42.32, t.totalMs(), 1e-9);
    }

    @Test
    public void deviceOnlySendsNothingAndEdgeOnlyShipsTheInput() {
        PlanningContext ctx = new PlanningContext(MODEL, NET, new LatencyRequirement(100), PREDICTOR);
        assertEquals(new LatencyBreakdown(60, 0, 0, 0, 0), ctx.predict(1, 3));
        LatencyBreakdown edge = ctx.predict(1, 0);
        assertEquals(0, edge.deviceMs(), 0);
        assertEquals(8, edge.uploadMs(), 1e-9);
        assertEquals(6, edge.edgeMs(), 1e-9);
    }

    @Test
    public void fastestCutDependsOnBandwidth() {
        LatencyRequirement req = new LatencyRequirement(20);
        assertEquals(0, new PlanningContext(MODEL, NET, req, PREDICTOR).fastestCut("s", 1).cut());
        NetworkConditions slow = new NetworkConditions(20_000, 20_000, 5);
        Plan p = new PlanningContext(MODEL, slow, req, PREDICTOR).fastestCut("s", 1);
        assertEquals(3, p.cut());
        assertFalse(p.meetsRequirement());
        assertTrue(new PlanningContext(MODEL, NET, req, PREDICTOR).plan("s", 1, 0).meetsRequirement());
    }

    @Test
    public void cutOutsideThePathIsRefusedWithItsRange() {
        PlanningContext ctx = new PlanningContext(MODEL, NET, new LatencyRequirement(10), PREDICTOR);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ctx.predict(1, 4));
        assertEquals("exit 1 has cuts 0..3, not 4", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ctx.predict(2, 0));
    }

    @Test
    public void tensorRefusesBytesThatDoNotMatchItsShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Tensor(DType.FLOAT32, new long[] {2, 3}, java.nio.ByteBuffer.allocate(20)));
        assertEquals("tensor FLOAT32[2, 3] needs 24 bytes, found 20", e.getMessage());
        Tensor t = Tensor.ofFloats(new long[] {2}, new float[] {1.5f, -2f});
        assertEquals(1.5f, t.toFloats()[0], 0);
        assertEquals(8, t.byteSize());
    }
}
