package org.coinfer.onnx;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import org.coinfer.api.DType;
import org.junit.Test;

public class ShapesAndFeaturesTest {
    @Test
    public void inferredShapesOfEveryTensorAgreeWithOnnxRuntime() throws Exception {
        for (byte[] model : new byte[][] {DemoModels.multiExitCnn(3), DemoModels.residualConcat(3)}) {
            OnnxGraph g = OnnxGraph.parse(model, "model.onnx");
            long[] in = g.input().shape();
            in[0] = 1;
            Ort.T x = Ort.random(5, in);
            for (OnnxNode n : g.nodes()) {
                if (n.opType().equals("Constant")) {
                    continue;
                }
                String out = n.outputs().get(0);
                long[] inferred = g.shape(out);
                assertNotNull(out, inferred);
                if (n.inputs().stream().allMatch(v -> v.startsWith("scale_"))) {
                    continue; // computed from initializers only: nothing to extract from the input
                }
                assertArrayEquals(out, Ort.run1(g.extract(g.input().name(), out), x).shape(), inferred);
            }
        }
    }

    @Test
    public void demoModelInputAndFeatures() {
        OnnxGraph g = OnnxGraph.parse(DemoModels.multiExitCnn(3), "multi.onnx");
        assertEquals("input", g.input().name());
        assertEquals(DType.FLOAT32, g.input().dtype());
        assertArrayEquals(new long[] {-1, 1, 28, 28}, g.input().shape());
        assertEquals(13, g.opset());
        assertEquals(3136, g.tensorBytes("input"));
        Map<String, OnnxNode> byOutput = g.nodes().stream().collect(Collectors.toMap(n -> n.outputs().get(0), n -> n));
        OnnxNode conv1 = byOutput.get("conv1");
        assertEquals(2L * DemoModels.C1 * 28 * 28 * 25, conv1.flops());
        assertEquals(DemoModels.C1 * 25 + DemoModels.C1, conv1.params());
        assertEquals(3136, conv1.inputBytes());
        assertEquals(DemoModels.C1 * 28 * 28 * 4, conv1.outputBytes());
        OnnxNode fc1 = byOutput.get("gemm5");
        assertEquals(2L * DemoModels.C2 * 9 * 256, fc1.flops());
        assertEquals(DemoModels.C2 * 9 * 256 + 256, fc1.params());
        assertEquals(0, byOutput.get("dropout1").flops());
        long total = g.nodesBetween("input", "exit5").stream().mapToLong(OnnxNode::flops).sum();
        assertTrue("final exit FLOPs " + total, total > 100_000_000 && total < 400_000_000);
        assertTrue(g.tensorBytes("relu1") > 3136 && g.tensorBytes("lrn1") > 3136 && g.tensorBytes("lrn2") > 3136);
        assertEquals(-1, g.tensorBytes("no such tensor"));
    }
}
