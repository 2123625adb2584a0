package org.coinfer.onnx;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.coinfer.api.DType;
import org.coinfer.onnx.internal.Protos;
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
    public void ceilModeDropsAWindowThatWouldStartInTheEndPadding() throws Exception {
        // Width 8, pads 1+1, kernel 2, stride 3: the fourth window would start at padded index 9, in the end padding.
        for (long[] pool : new long[][] {{2, 3, 1}, {3, 2, 1}, {2, 2, 0}, {3, 3, 1}}) {
            OnnxModelBuilder b = OnnxModelBuilder.input("x", 1, 1, 8, 8);
            byte[] model = b.node("MaxPool", java.util.Map.of("kernel_shape", new long[] {pool[0], pool[0]},
                    "strides", new long[] {pool[1], pool[1]}, "pads", new long[] {pool[2], pool[2], pool[2], pool[2]},
                    "ceil_mode", 1L), b.current()).exit("y").build();
            long[] inferred = OnnxGraph.parse(model, "pool").shape("y");
            assertArrayEquals(java.util.Arrays.toString(pool), Ort.run1(model, Ort.random(1, 1, 1, 8, 8)).shape(), inferred);
        }
    }

    @Test
    public void sliceSplitPadAndReductionShapesAgreeWithOnnxRuntime() throws Exception {
        // x[:, :, ::-2] of a Split half, with its end computed from Shape(x) as PyTorch writes it.
        ModelProto model = ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(GraphProto.newBuilder().setName("ops")
                        .addInput(Protos.valueInfo("x", Protos.FLOAT, new long[] {-1, 6, 5, 4}, "N"))
                        .addInitializer(Protos.longTensor("sizes", new long[] {2}, new long[] {2, 4}))
                        .addInitializer(Protos.longTensor("pads", new long[] {8}, new long[] {0, 0, 1, 2, 0, 0, 3, 0}))
                        .addInitializer(Protos.longTensor("two", new long[] {1}, new long[] {2}))
                        .addInitializer(Protos.longTensor("minus", new long[] {1}, new long[] {-2}))
                        .addInitializer(Protos.longTensor("big", new long[] {1}, new long[] {Long.MIN_VALUE}))
                        .addNode(node("Split", List.of("x", "sizes"), List.of("a", "b"), "axis", 1))
                        .addNode(node("Shape", List.of("a"), List.of("shape")))
                        .addNode(node("Gather", List.of("shape", "two"), List.of("h")))
                        .addNode(node("Sub", List.of("h", "two"), List.of("start")))
                        .addNode(node("Slice", List.of("a", "start", "big", "two", "minus"), List.of("sliced")))
                        .addNode(node("Pad", List.of("b", "pads"), List.of("padded")))
                        .addNode(node("ReduceMean", List.of("padded"), List.of("mean"), "keepdims", 0))
                        .addNode(node("ArgMax", List.of("sliced"), List.of("arg"), "axis", 1))
                        .addOutput(Protos.valueInfo("mean", Protos.FLOAT, null, "N"))
                        .addOutput(Protos.valueInfo("arg", Protos.INT64, null, "N")))
                .build();
        OnnxGraph g = OnnxGraph.parse(model.toByteArray(), "ops.onnx");
        Map<String, long[]> expected = Map.of("a", new long[] {1, 2, 5, 4}, "b", new long[] {1, 4, 5, 4},
                "sliced", new long[] {1, 2, 2, 4}, "padded", new long[] {1, 4, 9, 6}, "mean", new long[0],
                "arg", new long[] {1, 1, 2, 4});
        Ort.T x = Ort.random(6, 1, 6, 5, 4);
        for (var e : expected.entrySet()) {
            assertArrayEquals(e.getKey(), e.getValue(), g.shape(e.getKey()));
            assertArrayEquals(e.getKey(), e.getValue(), Ort.run1(g.extract("x", e.getKey()), x).shape());
        }
        Map<String, OnnxNode> byOutput = g.nodes().stream().collect(Collectors.toMap(n -> n.outputs().get(0), n -> n));
        assertEquals(0, byOutput.get("sliced").flops());
        assertEquals(4 * 9 * 6, byOutput.get("mean").flops());
    }

    private static NodeProto node(String op, List<String> inputs, List<String> outputs, Object... intAttributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).addAllInput(inputs).addAllOutput(outputs);
        for (int i = 0; i < intAttributes.length; i += 2) {
            n.addAttribute(AttributeProto.newBuilder().setName((String) intAttributes[i])
                    .setType(AttributeProto.AttributeType.INT).setI((Integer) intAttributes[i + 1]));
        }
        return n.build();
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
