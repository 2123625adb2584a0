package org.coinfer.onnx;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import org.junit.Test;

/** Chained segments, cut by cut, must reproduce the whole model in ONNX Runtime. */
public class SegmentEquivalenceTest {
    private static final float TOLERANCE = 1e-4f;

    @Test
    public void multiExitModelSegmentsMatchTheWholeModel() throws Exception {
        checkEveryCutOfEveryExit(DemoModels.multiExitCnn(11), Ort.random(1, 1, 1, 28, 28));
    }

    @Test
    public void dagModelSegmentsMatchTheWholeModel() throws Exception {
        checkEveryCutOfEveryExit(DemoModels.residualConcat(12), Ort.random(2, 1, 3, 16, 16));
    }

    @Test
    public void chainModelSegmentsMatchTheWholeModel() throws Exception {
        checkEveryCutOfEveryExit(DemoModels.chain(13), Ort.random(3, 1, 1, 8, 8));
    }

    @Test
    public void segmentsKeepTheBatchSymbolic() throws Exception {
        byte[] model = DemoModels.residualConcat(12);
        OnnxGraph g = OnnxGraph.parse(model, "dag.onnx");
        Ort.T x = Ort.random(4, 3, 3, 16, 16);
        Ort.T whole = Ort.run1(model, x);
        Ort.T mid = Ort.run1(g.extract("input", "relu3"), x);
        Ort.T end = Ort.run1(g.extract("relu3", "logits"), mid);
        assertArrayEquals(new long[] {3, 5}, end.shape());
        assertTrue(Ort.maxAbsDiff(whole.values(), end.values()) <= TOLERANCE);
    }

    @Test
    public void segmentThatBypassesItsInputIsRejected() {
        OnnxGraph g = OnnxGraph.parse(DemoModels.residualConcat(12), "dag.onnx");
        try {
            g.extract("relu2", "relu3");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("dag.onnx: "));
            assertTrue(e.getMessage(), e.getMessage().contains("'relu2'") && e.getMessage().contains("'relu3'"));
        }
    }

    @Test
    public void segmentNodesAreExactlyThoseBetweenTheCuts() {
        OnnxGraph g = OnnxGraph.parse(DemoModels.residualConcat(12), "dag.onnx");
        List<String> ops = g.nodesBetween("relu4", "reshape1").stream().map(OnnxNode::opType).toList();
        assertEquals(List.of("Mul", "Mul", "GlobalAveragePool", "Constant", "Constant", "Constant", "Shape", "Gather",
                "Unsqueeze", "Concat", "Reshape").stream().sorted().toList(), ops.stream().sorted().toList());
    }

    private static void checkEveryCutOfEveryExit(byte[] model, Ort.T x) throws Exception {
        OnnxGraph g = OnnxGraph.parse(model, "model.onnx");
        List<Ort.T> whole = Ort.run(model, x);
        for (int e = 0; e < g.outputs().size(); e++) {
            String exit = g.outputs().get(e);
            List<String> cuts = g.cutPoints(exit);
            Ort.T t = x;
            for (int i = 1; i < cuts.size(); i++) {
                byte[] segment = g.extract(cuts.get(i - 1), cuts.get(i));
                OnnxGraph sg = OnnxGraph.parse(segment, "segment");
                assertEquals(cuts.get(i - 1), sg.input().name());
                assertEquals(List.of(cuts.get(i)), sg.outputs());
                assertEquals(g.nodesBetween(cuts.get(i - 1), cuts.get(i)).size(), sg.nodeCount());
                assertEquals(g.opset(), sg.opset());
                assertEquals(g.irVersion(), sg.irVersion());
                t = Ort.run1(segment, t);
                assertArrayEquals(cuts.get(i), g.shape(cuts.get(i)), t.shape());
                assertEquals(cuts.get(i), t.values().length * 4L, g.tensorBytes(cuts.get(i)));
            }
            float diff = Ort.maxAbsDiff(whole.get(e).values(), t.values());
            assertTrue(exit + " differs by " + diff, diff <= TOLERANCE);
            Ort.T direct = Ort.run1(g.extract(g.input().name(), exit), x);
            assertTrue(Ort.maxAbsDiff(whole.get(e).values(), direct.values()) <= TOLERANCE);
        }
    }
}
