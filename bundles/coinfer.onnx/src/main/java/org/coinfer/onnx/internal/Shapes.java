package org.coinfer.onnx.internal;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Best-effort static shape inference at batch 1, with constant folding of small integer
 * tensors so that shape arithmetic (PyTorch's Shape/Gather/Unsqueeze/Concat before Reshape, and
 * the Add/Sub/Mul/Div on sizes before Reshape and Slice) resolves. A value whose shape cannot be
 * derived is simply absent.
 */
public final class Shapes {
    private static final int MAX_FOLDED = 64;
    private final Map<String, long[]> shapes = new HashMap<>();
    private final Map<String, Integer> types = new HashMap<>();
    private final Map<String, long[]> ints = new HashMap<>();

    public Shapes(GraphModel g) {
        long[] in = Protos.declaredShape(g.input);
        if (in != null) {
            if (in.length > 0 && in[0] < 0) {
                in[0] = 1;
            }
            put(g.input.getName(), known(in) ? in : null, g.input.getType().getTensorType().getElemType());
        }
        for (TensorProto t : g.initializers.values()) {
            put(t.getName(), Protos.dims(t), t.getDataType());
            if (Protos.elementCount(t) <= MAX_FOLDED) {
                long[] v = Protos.longs(t);
                if (v != null) {
                    ints.put(t.getName(), v);
                }
            }
        }
        for (NodeProto n : g.nodes) {
            try {
                new OpShapes(this, n).infer();
            } catch (RuntimeException unknown) {
                // Unsupported attribute combinations leave the outputs unknown.
            }
            for (String out : n.getOutputList()) {
                ValueInfoProto declared = g.valueInfo.get(out);
                if (declared != null && !shapes.containsKey(out)) {
                    long[] s = Protos.declaredShape(declared);
                    if (s != null && s.length > 0 && s[0] < 0) {
                        s[0] = 1;
                    }
                    if (s != null && known(s)) {
                        shapes.put(out, s);
                    }
                }
                if (declared != null && !types.containsKey(out) && declared.getType().hasTensorType()) {
                    types.put(out, declared.getType().getTensorType().getElemType());
                }
            }
        }
    }

    /** The inferred shape at batch 1, or null when unknown. */
    public long[] shape(String name) {
        long[] s = shapes.get(name);
        return s == null ? null : s.clone();
    }

    /** The ONNX element type, or 0 when unknown. */
    public int elemType(String name) {
        return types.getOrDefault(name, 0);
    }

    /** Size at batch 1 in bytes, or -1 when shape or type is unknown. */
    public long bytes(String name) {
        long[] s = shapes.get(name);
        int each = Protos.elementBytes(elemType(name));
        return s == null || each < 0 ? -1 : count(s) * each;
    }

    /** The value's elements when shape arithmetic folded it to small integers, else null. */
    public long[] ints(String name) {
        return ints.get(name);
    }

    void put(String name, long[] shape, int type) {
        if (shape != null) {
            shapes.put(name, shape);
        }
        if (type > 0) {
            types.put(name, type);
        }
    }

    void putInts(String name, long[] values) {
        if (values.length <= MAX_FOLDED) {
            ints.put(name, values);
        }
    }

    static long count(long[] s) {
        long n = 1;
        for (long d : s) {
            n *= d;
        }
        return n;
    }

    static boolean known(long[] s) {
        return Arrays.stream(s).allMatch(d -> d >= 0);
    }

    /** Shape, type and folded integers of a Constant node's value. */
    static void constant(Shapes s, NodeProto n, String out) {
        for (AttributeProto a : n.getAttributeList()) {
            switch (a.getName()) {
                case "value" -> {
                    s.put(out, Protos.dims(a.getT()), a.getT().getDataType());
                    long[] v = Protos.longs(a.getT());
                    if (v != null) {
                        s.putInts(out, v);
                    }
                }
                case "value_int" -> {
                    s.put(out, new long[0], Protos.INT64);
                    s.putInts(out, new long[] {a.getI()});
                }
                case "value_ints" -> {
                    long[] v = a.getIntsList().stream().mapToLong(Long::longValue).toArray();
                    s.put(out, new long[] {v.length}, Protos.INT64);
                    s.putInts(out, v);
                }
                case "value_float" -> s.put(out, new long[0], Protos.FLOAT);
                case "value_floats" -> s.put(out, new long[] {a.getFloatsCount()}, Protos.FLOAT);
                default -> { }
            }
        }
    }
}
