package org.coinfer.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.coinfer.onnx.internal.ModelWriter;

/**
 * Writes a float-input ONNX model in code, layer by layer, from caller-supplied weights. Each
 * layer reads the current tensor and makes its output current; {@link #branch} goes back to an
 * earlier tensor and {@link #exit} marks a graph output, so multi-exit networks are a backbone
 * plus branches. Weight layouts follow ONNX (and PyTorch): conv weights {@code [out, in, kh, kw]},
 * fully connected weights {@code [out, in]}. Tensors are auto-named after their op
 * ({@code conv1}, {@code relu2}, ...); initializers after their node ({@code conv1_W}, {@code conv1_B}).
 *
 * <pre>{@code
 * byte[] onnx = OnnxModelBuilder.input("x", -1, 1, 28, 28)
 *     .conv(w1, new long[] {8, 1, 3, 3}, b1, 1, 1).relu().maxPool(2, 2)
 *     .flatten().gemm(w2, new long[] {10, 8 * 14 * 14}, b2).exit("logits").build();
 * }</pre>
 */
public final class OnnxModelBuilder {
    private final ModelWriter w;
    private String current;
    private int opset = 13;
    private String graphName = "coinfer";

    private OnnxModelBuilder(String input, long[] shape) {
        this.w = new ModelWriter(input, shape);
        this.current = input;
    }

    /** Starts a model with one FLOAT32 input; a dimension of -1 is symbolic (the batch, "N"). */
    public static OnnxModelBuilder input(String name, long... shape) {
        return new OnnxModelBuilder(name, shape);
    }

    /** The default operator set version (13 unless set); ops are written in their opset-13 form. */
    public OnnxModelBuilder opset(int version) {
        this.opset = version;
        return this;
    }

    public OnnxModelBuilder graphName(String name) {
        this.graphName = name;
        return this;
    }

    /** Name of the current tensor, e.g. to {@link #branch} back to it later. */
    public String current() {
        return current;
    }

    /** Convolution with square kernel from {@code weightShape}, same stride and padding on all sides. */
    public OnnxModelBuilder conv(float[] weights, long[] weightShape, float[] bias, int stride, int pad) {
        String out = w.fresh("conv");
        List<String> in = new ArrayList<>(List.of(current, param(out + "_W", weightShape, weights)));
        if (bias != null) {
            in.add(param(out + "_B", new long[] {weightShape[0]}, bias));
        }
        long[] k = {weightShape[2], weightShape[3]};
        return add("Conv", in, out, Map.of("kernel_shape", k, "strides", new long[] {stride, stride},
                "pads", new long[] {pad, pad, pad, pad}));
    }

    public OnnxModelBuilder relu() {
        return op("Relu", Map.of());
    }

    public OnnxModelBuilder maxPool(int kernel, int stride) {
        return maxPool(kernel, stride, 0);
    }

    public OnnxModelBuilder maxPool(int kernel, int stride, int pad) {
        return op("MaxPool", poolAttributes(kernel, stride, pad));
    }

    public OnnxModelBuilder averagePool(int kernel, int stride) {
        return op("AveragePool", poolAttributes(kernel, stride, 0));
    }

    public OnnxModelBuilder globalAveragePool() {
        return op("GlobalAveragePool", Map.of());
    }

    /** Local response normalization across channels (AlexNet: size 5, alpha 1e-4, beta 0.75, bias 1 or 2). */
    public OnnxModelBuilder lrn(int size, float alpha, float beta, float bias) {
        return op("LRN", Map.of("size", size, "alpha", alpha, "beta", beta, "bias", bias));
    }

    /** Flattens everything after the batch dimension. */
    public OnnxModelBuilder flatten() {
        return op("Flatten", Map.of("axis", 1));
    }

    /** Fully connected layer {@code y = x W^T + b} with {@code weightShape = [out, in]}. */
    public OnnxModelBuilder gemm(float[] weights, long[] weightShape, float[] bias) {
        String out = w.fresh("gemm");
        List<String> in = new ArrayList<>(List.of(current, param(out + "_W", weightShape, weights)));
        if (bias != null) {
            in.add(param(out + "_B", new long[] {weightShape[0]}, bias));
        }
        return add("Gemm", in, out, Map.of("transB", 1));
    }

    /** Dropout, an identity at inference. */
    public OnnxModelBuilder dropout() {
        return op("Dropout", Map.of());
    }

    public OnnxModelBuilder softmax() {
        return op("Softmax", Map.of("axis", -1));
    }

    /** Element-wise sum of the current tensor and {@code other} (a residual connection). */
    public OnnxModelBuilder add(String other) {
        return add("Add", List.of(current, other), w.fresh("add"), Map.of());
    }

    /** Channel concatenation of the current tensor followed by {@code others}. */
    public OnnxModelBuilder concat(String... others) {
        List<String> in = new ArrayList<>(List.of(current));
        in.addAll(List.of(others));
        return add("Concat", in, w.fresh("concat"), Map.of("axis", 1));
    }

    /**
     * Any single-output node; its inputs are given explicitly (use {@link #current()}) and its
     * output becomes current. Attribute values: Integer/Long, Float/Double, String, int[]/long[], float[].
     */
    public OnnxModelBuilder node(String opType, Map<String, Object> attributes, String... inputs) {
        return add(opType, List.of(inputs), w.fresh(opType.toLowerCase(java.util.Locale.ROOT)), attributes);
    }

    /** Adds a float initializer (for {@link #node} inputs); the current tensor is unchanged. */
    public OnnxModelBuilder initializer(String name, long[] shape, float[] values) {
        param(name, shape, values);
        return this;
    }

    /** Adds a Constant node holding an INT64 tensor; the current tensor is unchanged. */
    public OnnxModelBuilder int64Constant(String name, long[] shape, long... values) {
        unused(name);
        w.int64Constant(name, shape, values);
        return this;
    }

    /** Makes an earlier tensor current, to grow a branch from it. */
    public OnnxModelBuilder branch(String tensor) {
        if (!w.taken(tensor)) {
            throw new IllegalArgumentException("no tensor named '" + tensor + "'");
        }
        current = tensor;
        return this;
    }

    /** Renames the current tensor, which must be the output of the node just added. */
    public OnnxModelBuilder named(String name) {
        unused(name);
        if (!w.renameLast(current, name)) {
            throw new IllegalStateException("'" + current + "' is not the output of the last node");
        }
        current = name;
        return this;
    }

    /**
     * Marks the current tensor as a graph output called {@code name}: the just-produced tensor is
     * renamed, anything else gets an Identity node. The output becomes current.
     */
    public OnnxModelBuilder exit(String name) {
        if (!name.equals(current)) {
            unused(name);
            if (!w.renameLast(current, name)) {
                w.node("Identity", List.of(current), name, Map.of());
            }
            current = name;
        }
        w.output(name);
        return this;
    }

    /** The serialized ModelProto. */
    public byte[] build() {
        return w.build(graphName, opset);
    }

    private OnnxModelBuilder op(String opType, Map<String, Object> attributes) {
        return add(opType, List.of(current), w.fresh(opType.toLowerCase(java.util.Locale.ROOT)), attributes);
    }

    private OnnxModelBuilder add(String opType, List<String> inputs, String out, Map<String, Object> attributes) {
        w.node(opType, inputs, out, attributes);
        current = out;
        return this;
    }

    private String param(String name, long[] shape, float[] values) {
        unused(name);
        w.floats(name, shape, values);
        return name;
    }

    private void unused(String name) {
        if (w.taken(name)) {
            throw new IllegalArgumentException("name '" + name + "' is already used");
        }
    }

    private static Map<String, Object> poolAttributes(int kernel, int stride, int pad) {
        return Map.of("kernel_shape", new long[] {kernel, kernel}, "strides", new long[] {stride, stride},
                "pads", new long[] {pad, pad, pad, pad});
    }
}
