package org.coinfer.backend.djl.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import org.coinfer.api.Tensor;
import org.coinfer.onnx.OnnxModelBuilder;
import org.junit.Test;

/** Each operator on a small graph, with the ONNX semantics PyTorch differs on, against ONNX Runtime. */
public class OperatorTest {
    private static final long[] IMAGE = {1, 3, 7, 8};

    private static OnnxModelBuilder image() {
        return OnnxModelBuilder.input("x", IMAGE);
    }

    private static void same(OnnxModelBuilder b) throws Exception {
        same(b, "");
    }

    private static void same(OnnxModelBuilder b, String what) throws Exception {
        byte[] model = b.exit("y").build();
        Tensor in = Backends.random(7, IMAGE);
        Tensor expected = Backends.run(Backends.ORT, model, in);
        Tensor got = Backends.run(Backends.DJL, model, in);
        assertArrayEquals(expected.shape(), got.shape());
        double d = got.maxAbsDifference(expected);
        assertTrue(what + " differs from ONNX Runtime by " + d, d <= 1e-4);
    }

    private static OnnxModelBuilder conv(Map<String, Object> attrs, boolean bias) {
        OnnxModelBuilder b = image().initializer("W", new long[] {4, 3, 3, 2}, Backends.randomFloats(1, 72));
        if (bias) {
            b.initializer("B", new long[] {4}, Backends.randomFloats(2, 4));
            return b.node("Conv", attrs, "x", "W", "B");
        }
        return b.node("Conv", attrs, "x", "W");
    }

    @Test
    public void convWithSymmetricAndAsymmetricPadsStridesDilationsAndAutoPad() throws Exception {
        same(conv(Map.of("pads", new long[] {1, 1, 1, 1}), true));
        same(conv(Map.of("pads", new long[] {0, 2, 1, 1}, "strides", new long[] {2, 1}), false));
        same(conv(Map.of("dilations", new long[] {2, 2}, "pads", new long[] {2, 1, 2, 1}), true));
        same(conv(Map.of("auto_pad", "SAME_UPPER", "strides", new long[] {2, 2}), true));
        same(conv(Map.of("auto_pad", "SAME_LOWER"), true));
    }

    @Test
    public void groupedConv() throws Exception {
        same(image().initializer("W", new long[] {3, 1, 3, 3}, Backends.randomFloats(3, 27))
                .node("Conv", Map.of("group", 3L, "pads", new long[] {1, 1, 1, 1}), "x", "W"));
    }

    @Test
    public void maxPoolPadsAndCeilMode() throws Exception {
        same(image().node("MaxPool", Map.of("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2}), "x"));
        same(image().node("MaxPool", Map.of("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2}, "ceil_mode", 1L), "x"));
        same(image().node("MaxPool", Map.of("kernel_shape", new long[] {2, 2}, "pads", new long[] {1, 0, 0, 1}), "x"));
        same(image().node("MaxPool", Map.of("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
                "pads", new long[] {1, 1, 1, 1}, "ceil_mode", 1L), "x"));
        same(image().node("MaxPool", Map.of("kernel_shape", new long[] {3, 2}, "auto_pad", "SAME_UPPER", "strides", new long[] {2, 2}), "x"));
    }

    @Test
    public void averagePoolCountIncludePadAndCeilMode() throws Exception {
        for (long include : new long[] {0, 1}) {
            for (long ceil : new long[] {0, 1}) {
                same(image().node("AveragePool", Map.of("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
                        "pads", new long[] {1, 1, 1, 1}, "count_include_pad", include, "ceil_mode", ceil), "x"),
                        "symmetric include " + include + " ceil " + ceil);
                same(image().node("AveragePool", Map.of("kernel_shape", new long[] {3, 2}, "strides", new long[] {2, 3},
                        "pads", new long[] {0, 1, 2, 0}, "count_include_pad", include, "ceil_mode", ceil), "x"),
                        "asymmetric include " + include + " ceil " + ceil);
            }
        }
        same(image().node("AveragePool", Map.of("kernel_shape", new long[] {2, 2}, "auto_pad", "SAME_LOWER"), "x"));
        same(image().globalAveragePool());
    }

    @Test
    public void lrnAndBatchNormalization() throws Exception {
        same(image().lrn(3, 1e-2f, 0.75f, 2f));
        same(image().lrn(5, 1e-4f, 0.5f, 1f));
        same(image().initializer("s", new long[] {3}, new float[] {1.5f, -0.5f, 2f})
                .initializer("b", new long[] {3}, new float[] {0.1f, 0.2f, -0.3f})
                .initializer("m", new long[] {3}, new float[] {0.5f, -1f, 0f})
                .initializer("v", new long[] {3}, new float[] {1f, 0.25f, 4f})
                .node("BatchNormalization", Map.of("epsilon", 1e-3f), "x", "s", "b", "m", "v"));
    }

    @Test
    public void gemmTransposesAlphaBeta() throws Exception {
        OnnxModelBuilder flat = image().flatten();
        String x = flat.current();
        same(flat.initializer("B", new long[] {5, 168}, Backends.randomFloats(4, 840))
                .initializer("C", new long[] {5}, Backends.randomFloats(5, 5))
                .node("Gemm", Map.of("transB", 1L, "alpha", 0.5f, "beta", 2f), x, "B", "C"));
        OnnxModelBuilder flat2 = image().flatten();
        same(flat2.initializer("B", new long[] {168, 5}, Backends.randomFloats(6, 840))
                .node("Gemm", Map.of(), flat2.current(), "B"));
        OnnxModelBuilder flat3 = image().flatten();
        String t = flat3.node("Transpose", Map.of(), flat3.current()).current();
        same(flat3.initializer("B", new long[] {5, 168}, Backends.randomFloats(8, 840))
                .initializer("C", new long[] {1, 5}, Backends.randomFloats(9, 5))
                .node("Gemm", Map.of("transA", 1L, "transB", 1L), t, "B", "C"));
    }

    @Test
    public void softmaxFollowsTheOpset() throws Exception {
        same(image().node("Softmax", Map.of("axis", 1L), "x"));
        same(image().opset(11).node("Softmax", Map.of("axis", 1L), "x"));
        same(image().opset(11).node("Softmax", Map.of(), "x"));
        same(image().node("Softmax", Map.of(), "x"));
    }

    @Test
    public void clipWithBoundsAsInputsOrAttributes() throws Exception {
        same(image().initializer("lo", new long[0], new float[] {-0.5f}).initializer("hi", new long[0], new float[] {0.7f})
                .node("Clip", Map.of(), "x", "lo", "hi"));
        same(image().initializer("hi", new long[0], new float[] {0.2f}).node("Clip", Map.of(), "x", "", "hi"));
        same(image().initializer("lo", new long[0], new float[] {0f}).node("Clip", Map.of(), "x", "lo"));
        same(image().opset(6).node("Clip", Map.of("min", -0.1f, "max", 0.3f), "x"));
    }

    @Test
    public void shapeOperators() throws Exception {
        same(image().node("Transpose", Map.of("perm", new long[] {0, 2, 3, 1}), "x"));
        same(image().int64Constant("s", new long[] {3}, 1, 21, -1).node("Reshape", Map.of(), "x", "s"));
        same(image().node("Flatten", Map.of("axis", 2L), "x"));
        same(image().int64Constant("st", new long[] {2}, 1, -5).int64Constant("en", new long[] {2}, 100, -1)
                .int64Constant("ax", new long[] {2}, 2, 3).int64Constant("sp", new long[] {2}, 2, 1)
                .node("Slice", Map.of(), "x", "st", "en", "ax", "sp"));
        same(image().int64Constant("p", new long[] {8}, 0, 1, 2, 0, 0, 0, 1, 3)
                .initializer("v", new long[0], new float[] {0.25f}).node("Pad", Map.of(), "x", "p", "v"));
    }

    @Test
    public void elementwiseWithBroadcasting() throws Exception {
        OnnxModelBuilder b = image().initializer("c", new long[] {3, 1, 1}, new float[] {1f, -2f, 0.5f});
        same(b.node("Mul", Map.of(), "x", "c").node("Sub", Map.of(), "c", b.current()).node("Div", Map.of(), b.current(), "c")
                .node("Add", Map.of(), "x", b.current()).node("Sigmoid", Map.of(), b.current())
                .node("Tanh", Map.of(), b.current()).node("Relu", Map.of(), b.current()));
        OnnxModelBuilder c = image().initializer("w", new long[] {8, 4}, Backends.randomFloats(10, 32));
        same(c.node("MatMul", Map.of(), "x", "w").node("Concat", Map.of("axis", -1L), "x", c.current()));
    }
}
