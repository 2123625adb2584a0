package org.coinfer.onnx;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class CutPointsTest {
    @Test
    public void chainCutsAfterEveryNode() {
        OnnxGraph g = OnnxGraph.parse(DemoModels.chain(1), "chain.onnx");
        assertEquals(List.of("input", "conv1", "relu1", "maxpool1", "flatten1", "gemm1", "out"), g.cutPoints("out"));
        assertEquals(g.nodeCount() + 1, g.cutPoints("out").size());
    }

    @Test
    public void residualBlockCutsOnlyAroundTheBlock() {
        float[] w = new float[4 * 4 * 9];
        long[] shape = {4, 4, 3, 3};
        byte[] model = OnnxModelBuilder.input("x", -1, 4, 8, 8).relu()
                .conv(w, shape, null, 1, 1).relu().conv(w, shape, null, 1, 1).add("relu1").relu().exit("y").build();
        List<String> cuts = OnnxGraph.parse(model, "res.onnx").cutPoints("y");
        assertEquals(List.of("x", "relu1", "add1", "y"), cuts);
    }

    @Test
    public void dagCutsBetweenBlocksOnly() {
        OnnxGraph g = OnnxGraph.parse(DemoModels.residualConcat(2), "dag.onnx");
        List<String> cuts = g.cutPoints("logits");
        assertEquals(List.of("input", "conv1", "relu1", "add1", "relu3", "concat1", "relu4", "mul2",
                "globalaveragepool1", "reshape1", "logits"), cuts);
        for (String inner : List.of("conv2", "relu2", "conv3", "conv4", "conv5", "maxpool1", "conv6", "mul1",
                "shape1", "gather1", "unsqueeze1", "concat2")) {
            assertFalse(inner, cuts.contains(inner));
        }
    }

    @Test
    public void pytorchFlattenPatternKeepsTheReshapeInputAsCut() {
        byte[] model = OnnxModelBuilder.input("x", -1, 4, 2, 2).relu()
                .int64Constant("zero", new long[0], 0).int64Constant("axes", new long[] {1}, 0)
                .int64Constant("rest", new long[] {1}, -1)
                .node("Shape", Map.of(), "relu1").node("Gather", Map.of("axis", 0), "shape1", "zero")
                .node("Unsqueeze", Map.of(), "gather1", "axes").node("Concat", Map.of("axis", 0), "unsqueeze1", "rest")
                .node("Reshape", Map.of(), "relu1", "concat1")
                .gemm(new float[3 * 16], new long[] {3, 16}, new float[3]).exit("y").build();
        OnnxGraph g = OnnxGraph.parse(model, "flatten.onnx");
        assertEquals(List.of("x", "relu1", "reshape1", "y"), g.cutPoints("y"));
        assertEquals(List.of(1L, 16L), List.of(g.shape("reshape1")[0], g.shape("reshape1")[1]));
    }

    @Test
    public void multiExitCutsFollowTheBackboneThenTheBranch() {
        OnnxGraph g = OnnxGraph.parse(DemoModels.multiExitCnn(7), "multi.onnx");
        assertEquals(DemoModels.EXITS, g.outputs());
        List<String> last = g.cutPoints("exit5");
        assertEquals(List.of("input", "conv1", "relu1", "maxpool1", "lrn1", "globalaveragepool1", "flatten1", "exit1"),
                g.cutPoints("exit1"));
        int previous = 0;
        for (String exit : g.outputs()) {
            List<String> cuts = g.cutPoints(exit);
            assertEquals("input", cuts.get(0));
            assertEquals(exit, cuts.get(cuts.size() - 1));
            int shared = 0;
            while (shared < cuts.size() && cuts.get(shared).equals(last.get(shared))) {
                shared++;
            }
            assertTrue(exit + " shares more backbone than the previous exit", shared > previous);
            previous = shared;
            assertTrue(cuts.size() <= last.size());
        }
        assertEquals(24, last.size());
    }

    @Test
    public void cutPointsOfAnIntermediateTensor() {
        OnnxGraph g = OnnxGraph.parse(DemoModels.residualConcat(2), "dag.onnx");
        assertEquals(List.of("input", "conv1", "relu1", "add1"), g.cutPoints("add1"));
        assertEquals(List.of("input", "conv1", "relu1", "conv2"), g.cutPoints("conv2"));
    }

    @Test
    public void cutsCarryTensorSizes() {
        OnnxGraph g = OnnxGraph.parse(DemoModels.multiExitCnn(7), "multi.onnx");
        var cuts = g.cuts("exit5");
        assertEquals(3136, cuts.get(0).bytes());
        assertEquals(DemoModels.C1 * 28 * 28 * 4, cuts.get(1).bytes());
        assertEquals(40, cuts.get(cuts.size() - 1).bytes());
        for (int i = 0; i < cuts.size(); i++) {
            assertEquals(i, cuts.get(i).index());
        }
    }
}
