package org.coinfer.onnx;

import java.util.Map;
import java.util.Random;

/**
 * Deterministic models for demos and tests. The multi-exit CNN is the AlexNet-style network
 * Coinfer trains on Fashion-MNIST; passing trained {@link Weights} exports it with them.
 */
public final class DemoModels {
    /** Names of the multi-exit CNN's outputs, earliest exit first. */
    public static final java.util.List<String> EXITS = java.util.List.of("exit1", "exit2", "exit3", "exit4", "exit5");

    /** Supplies a layer's parameters: {@code name} is e.g. {@code conv1.weight} or {@code exit2.fc.bias}. */
    @FunctionalInterface
    public interface Weights {
        float[] get(String name, long... shape);
    }

    /**
     * Channels of the backbone's convolutions. Sized so that the trade-offs are real: on a
     * Pi-class device the final exit costs several times the edge's compute, and the input
     * crosses a 1 Mbit/s link in about the time the device needs to run it.
     */
    static final int C1 = 64;
    static final int C2 = 160;
    static final int C3 = 224;

    private DemoModels() {
    }

    /**
     * He-normal weights (std sqrt(2 / fan-in)) and small uniform biases from a seeded
     * {@link Random}; the same seed and call order give the same model.
     */
    public static Weights heInit(long seed) {
        Random r = new Random(seed);
        return (name, shape) -> {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            float[] v = new float[Math.toIntExact(n)];
            double std = shape.length > 1 ? Math.sqrt(2.0 * shape[0] / n) : 0;
            for (int i = 0; i < v.length; i++) {
                v[i] = shape.length > 1 ? (float) (r.nextGaussian() * std) : (r.nextFloat() - 0.5f) * 0.1f;
            }
            return v;
        };
    }

    /** {@link #multiExitCnn(Weights)} with {@link #heInit} weights. */
    public static byte[] multiExitCnn(long seed) {
        return multiExitCnn(heInit(seed));
    }

    /**
     * AlexNet-style CNN for {@code N x 1 x 28 x 28} float input, 10 classes, five exits
     * ({@link #EXITS}). Backbone: conv 5x5/64, relu, maxpool 2, LRN; conv 5x5/160, relu,
     * maxpool 2, LRN; conv 3x3/224, relu; conv 3x3/224, relu; conv 3x3/160, relu, maxpool 2; FC
     * 1440-256, relu, dropout; FC 256-256, relu, dropout; FC 256-10 = exit5. Exits 1 to 4 branch
     * after blocks 1 to 4 with a global average pool and one FC layer to 10 logits.
     */
    public static byte[] multiExitCnn(Weights w) {
        OnnxModelBuilder m = OnnxModelBuilder.input("input", -1, 1, 28, 28).graphName("multi_exit_cnn");
        conv(m, w, "conv1", C1, 1, 5, 2).relu().maxPool(2, 2).lrn(5, 1e-4f, 0.75f, 1f);
        side(m, w, "exit1", C1);
        conv(m, w, "conv2", C2, C1, 5, 2).relu().maxPool(2, 2).lrn(5, 1e-4f, 0.75f, 1f);
        side(m, w, "exit2", C2);
        conv(m, w, "conv3", C3, C2, 3, 1).relu();
        side(m, w, "exit3", C3);
        conv(m, w, "conv4", C3, C3, 3, 1).relu();
        side(m, w, "exit4", C3);
        conv(m, w, "conv5", C2, C3, 3, 1).relu().maxPool(2, 2).flatten();
        fc(m, w, "fc1", 256, C2 * 3 * 3).relu().dropout();
        fc(m, w, "fc2", 256, 256).relu().dropout();
        return fc(m, w, "fc3", 10, 256).exit("exit5").build();
    }

    /** A plain chain: conv, relu, maxpool, flatten, FC, softmax on {@code N x 1 x 8 x 8}; output {@code out}. */
    public static byte[] chain(long seed) {
        Weights w = heInit(seed);
        OnnxModelBuilder m = OnnxModelBuilder.input("input", -1, 1, 8, 8).graphName("chain");
        conv(m, w, "conv1", 4, 1, 3, 1).relu().maxPool(2, 2).flatten();
        return fc(m, w, "fc1", 10, 64).softmax().exit("out").build();
    }

    /**
     * A DAG on {@code N x 3 x 16 x 16}: stem conv; a residual block (conv, relu, conv, Add, relu);
     * an inception block (1x1 conv, 3x3 conv, maxpool + 1x1 conv, Concat, relu); a scale computed
     * from initializers only; global average pool; PyTorch's opset-13 flatten
     * (Shape, Gather, Unsqueeze, Concat, Reshape); FC to 5 logits, output {@code logits}.
     */
    public static byte[] residualConcat(long seed) {
        Weights w = heInit(seed);
        OnnxModelBuilder m = OnnxModelBuilder.input("input", -1, 3, 16, 16).graphName("residual_concat");
        String stem = conv(m, w, "stem", 8, 3, 3, 1).relu().current();
        conv(m, w, "res.a", 8, 8, 3, 1).relu();
        String block = conv(m, w, "res.b", 8, 8, 3, 1).add(stem).relu().current();
        String a = conv(m, w, "inc.a", 4, 8, 1, 0).current();
        String b = conv(m.branch(block), w, "inc.b", 4, 8, 3, 1).current();
        conv(m.branch(block).maxPool(3, 1, 1), w, "inc.c", 4, 8, 1, 0).concat(a, b).relu();
        String x = m.current();
        m.initializer("scale_a", new long[] {1}, new float[] {0.5f}).initializer("scale_b", new long[] {1}, new float[] {3f})
                .node("Mul", Map.of(), "scale_a", "scale_b");
        String pooled = m.node("Mul", Map.of(), x, m.current()).globalAveragePool().current();
        m.int64Constant("dim0", new long[0], 0).int64Constant("axes0", new long[] {1}, 0)
                .int64Constant("minus1", new long[] {1}, -1);
        m.node("Shape", Map.of(), pooled).node("Gather", Map.of("axis", 0), m.current(), "dim0")
                .node("Unsqueeze", Map.of(), m.current(), "axes0")
                .node("Concat", Map.of("axis", 0), m.current(), "minus1")
                .node("Reshape", Map.of(), pooled, m.current());
        return fc(m, w, "fc", 5, 12).exit("logits").build();
    }

    private static OnnxModelBuilder conv(OnnxModelBuilder m, Weights w, String name, int out, int in, int k, int pad) {
        long[] shape = {out, in, k, k};
        return m.conv(w.get(name + ".weight", shape), shape, w.get(name + ".bias", out), 1, pad);
    }

    private static OnnxModelBuilder fc(OnnxModelBuilder m, Weights w, String name, int out, int in) {
        long[] shape = {out, in};
        return m.gemm(w.get(name + ".weight", shape), shape, w.get(name + ".bias", out));
    }

    /** A side exit on the current tensor ({@code channels} maps); the backbone goes on from that tensor. */
    private static void side(OnnxModelBuilder m, Weights w, String exit, int channels) {
        String from = m.current();
        m.globalAveragePool().flatten();
        fc(m, w, exit + ".fc", 10, channels).exit(exit).branch(from);
    }
}
