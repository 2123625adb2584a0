package org.coinfer.onnx;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import org.junit.Test;

/** Chained segments, cut by cut, must reproduce the whole model in ONNX Runtime. */
public class SegmentEquivalenceTest {
    private static final float TOLERANCE = SegmentChecks.TOLERANCE;

    @Test
    public void multiExitModelSegmentsMatchTheWholeModel() throws Exception {
        SegmentChecks.checkEveryCutOfEveryExit(DemoModels.multiExitCnn(11), "multi.onnx", Ort.random(1, 1, 1, 28, 28));
    }

    @Test
    public void dagModelSegmentsMatchTheWholeModel() throws Exception {
        SegmentChecks.checkEveryCutOfEveryExit(DemoModels.residualConcat(12), "dag.onnx", Ort.random(2, 1, 3, 16, 16));
    }

    @Test
    public void chainModelSegmentsMatchTheWholeModel() throws Exception {
        SegmentChecks.checkEveryCutOfEveryExit(DemoModels.chain(13), "chain.onnx", Ort.random(3, 1, 1, 8, 8));
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
}
