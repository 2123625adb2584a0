package org.coinfer.onnx.program;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coinfer.api.DType;
import org.coinfer.api.Tensor;
import org.coinfer.onnx.OnnxFormatException;
import org.coinfer.onnx.internal.GraphModel;
import org.coinfer.onnx.internal.Shapes;
import org.coinfer.onnx.internal.TensorProtos;

/**
 * A segment lowered for an engine: the ops it must run in topological order, each value's
 * concrete shape at batch 1, and the constants the ops read. Constant nodes, Identity, Dropout
 * (inference) and shape arithmetic whose result is known statically (PyTorch's
 * Shape/Gather/Unsqueeze/Concat chains before Reshape) are folded away, and ops the output does
 * not need are dropped, so an engine lowers only real computation. Immutable.
 */
public final class OnnxProgram {
    private final String source;
    private final long opset;
    private final String input;
    private final DType inputType;
    private final String output;
    private final List<Op> ops;
    private final Map<String, Tensor> constants;
    private final Map<String, long[]> shapes;

    private OnnxProgram(String source, long opset, String input, DType inputType, String output, List<Op> ops,
            Map<String, Tensor> constants, Map<String, long[]> shapes) {
        this.source = source;
        this.opset = opset;
        this.input = input;
        this.inputType = inputType;
        this.output = output;
        this.ops = List.copyOf(ops);
        this.constants = Map.copyOf(constants);
        this.shapes = Map.copyOf(shapes);
    }

    /**
     * Lowers a serialized segment with one input and one output.
     *
     * @param source names the segment in error messages
     * @throws OnnxFormatException if the model is malformed, has several outputs, or a value's
     *     shape cannot be inferred
     */
    public static OnnxProgram lower(byte[] onnxModel, String source) {
        try {
            return lower(GraphModel.parse(onnxModel), source);
        } catch (GraphModel.Invalid e) {
            throw new OnnxFormatException(source, e.getMessage());
        }
    }

    private static OnnxProgram lower(GraphModel g, String source) {
        if (g.graph.getOutputCount() != 1) {
            throw new GraphModel.Invalid("a segment has one output, found " + g.graph.getOutputCount());
        }
        Shapes shapes = new Shapes(g);
        String input = g.input.getName();
        DType inputType = type(g.input.getType().getTensorType().getElemType(), "input '" + input + "'");
        Map<String, Tensor> constants = new LinkedHashMap<>();
        for (TensorProto t : g.initializers.values()) {
            constants.put(t.getName(), TensorProtos.toTensor(t));
        }
        Map<String, String> alias = new HashMap<>();
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < g.nodes.size(); i++) {
            NodeProto n = g.nodes.get(i);
            String label = g.label(i);
            List<String> ins = n.getInputList().stream().map(v -> alias.getOrDefault(v, v)).toList();
            switch (n.getOpType()) {
                case "Constant" -> {
                    Map<String, Object> a = TensorProtos.attributes(n);
                    constants.put(n.getOutput(0), constantValue(a, shapes, n.getOutput(0), label));
                    continue;
                }
                case "Identity", "Dropout" -> {
                    alias.put(n.getOutput(0), ins.get(0));
                    continue;
                }
                default -> { }
            }
            if (folded(n, shapes)) {
                for (String out : n.getOutputList()) {
                    constants.put(out, TensorProtos.ofLongs(shapes.shape(out), shapes.ints(out), shapes.elemType(out)));
                }
                continue;
            }
            ops.add(new Op(label, n.getOpType(), ins, n.getOutputList(), TensorProtos.attributes(n)));
        }
        String declared = g.graph.getOutput(0).getName();
        String output = alias.getOrDefault(declared, declared);
        List<Op> live = live(ops, output);
        Map<String, long[]> known = new HashMap<>();
        known.put(input, need(shapes, input, "the input"));
        for (Map.Entry<String, Tensor> c : constants.entrySet()) {
            known.put(c.getKey(), c.getValue().shape());
        }
        for (Op op : live) {
            for (String out : op.outputs()) {
                if (!out.isEmpty()) {
                    known.put(out, need(shapes, out, "node '" + op.name() + "' (" + op.opType() + ")"));
                }
            }
        }
        return new OnnxProgram(source, g.opset(), input, inputType, output, live, constants, known);
    }

    /** Whether shape inference already knows every output's integer elements. */
    private static boolean folded(NodeProto n, Shapes shapes) {
        return n.getOutputList().stream().allMatch(o -> o.isEmpty()
                || (shapes.ints(o) != null && shapes.shape(o) != null && (shapes.elemType(o) == 6 || shapes.elemType(o) == 7)));
    }

    private static Tensor constantValue(Map<String, Object> a, Shapes shapes, String out, String label) {
        Object v = a.get("value");
        if (v instanceof Tensor t) {
            return t;
        }
        long[] ints = shapes.ints(out);
        if (ints != null) {
            return TensorProtos.ofLongs(shapes.shape(out), ints, 7);
        }
        if (a.get("value_float") instanceof Float f) {
            return Tensor.ofFloats(new long[0], new float[] {f});
        }
        if (a.get("value_floats") instanceof float[] f) {
            return Tensor.ofFloats(new long[] {f.length}, f);
        }
        throw new GraphModel.Invalid("Constant node '" + label + "' has no value this lowering reads (value, value_int(s), value_float(s))");
    }

    /** The ops the output depends on, in their order. */
    private static List<Op> live(List<Op> ops, String output) {
        Set<String> needed = new HashSet<>(Set.of(output));
        boolean[] keep = new boolean[ops.size()];
        for (int i = ops.size() - 1; i >= 0; i--) {
            Op op = ops.get(i);
            if (op.outputs().stream().anyMatch(needed::contains)) {
                keep[i] = true;
                needed.addAll(op.inputs());
            }
        }
        List<Op> out = new ArrayList<>();
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                out.add(ops.get(i));
            }
        }
        return out;
    }

    private static long[] need(Shapes shapes, String value, String what) {
        long[] s = shapes.shape(value);
        if (s == null) {
            throw new GraphModel.Invalid("cannot infer the shape of '" + value + "', produced by " + what);
        }
        return s;
    }

    private static DType type(int code, String what) {
        try {
            return DType.ofCode(code);
        } catch (IllegalArgumentException e) {
            throw new GraphModel.Invalid(what + " has element type " + code + ", which Coinfer tensors cannot hold");
        }
    }

    /** Where the segment came from, for messages. */
    public String source() {
        return source;
    }

    /** Version of the default ONNX operator set, which decides e.g. Softmax's axis semantics. */
    public long opset() {
        return opset;
    }

    public String input() {
        return input;
    }

    public long[] inputShape() {
        return shapes.get(input).clone();
    }

    public DType inputType() {
        return inputType;
    }

    /** The value the segment returns; may be the input or a constant when nothing is computed. */
    public String output() {
        return output;
    }

    public List<Op> ops() {
        return ops;
    }

    /** Initializers and folded values, by value name. */
    public Map<String, Tensor> constants() {
        return constants;
    }

    /** The concrete shape of the input, a constant or an op's output; an error for other names. */
    public long[] shape(String value) {
        long[] s = shapes.get(value);
        if (s == null) {
            throw new IllegalArgumentException(source + ": no value '" + value + "' in the lowered segment");
        }
        return s.clone();
    }

    /** Throws for the first op whose type is not in {@code opTypes}, naming node, type and engine. */
    public void requireSupported(Set<String> opTypes, String engine) {
        for (Op op : ops) {
            if (!opTypes.contains(op.opType())) {
                throw new UnsupportedOperatorException(source, op.name(), op.opType(), engine);
            }
        }
    }

    @Override
    public String toString() {
        return source + ": " + ops.size() + " ops, input " + input + Arrays.toString(shapes.get(input)) + ", output " + output;
    }
}
