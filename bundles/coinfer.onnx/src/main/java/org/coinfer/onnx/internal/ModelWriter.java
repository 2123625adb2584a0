package org.coinfer.onnx.internal;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Accumulates nodes and initializers and serializes them as a float-input ModelProto. */
public final class ModelWriter {
    private final String input;
    private final long[] inputShape;
    private final List<NodeProto.Builder> nodes = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Set<String> taken = new HashSet<>();

    public ModelWriter(String input, long[] inputShape) {
        this.input = input;
        this.inputShape = inputShape.clone();
        taken.add(input);
    }

    /** A fresh value name: {@code base} followed by a per-base counter. */
    public String fresh(String base) {
        String name;
        do {
            name = base + counters.merge(base, 1, Integer::sum);
        } while (taken.contains(name));
        taken.add(name);
        return name;
    }

    public boolean taken(String name) {
        return taken.contains(name);
    }

    public void floats(String name, long[] shape, float[] values) {
        if (values.length != Shapes.count(shape)) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + Arrays.toString(shape));
        }
        taken.add(name);
        initializers.add(Protos.floatTensor(name, shape, values));
    }

    public void int64Constant(String name, long[] shape, long[] values) {
        taken.add(name);
        nodes.add(NodeProto.newBuilder().setOpType("Constant").setName(name).addOutput(name)
                .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeType.TENSOR)
                        .setT(Protos.longTensor(name, shape, values))));
    }

    /**
     * Adds a node. Attribute values may be Integer/Long, Float/Double, String, int[]/long[] or float[].
     */
    public void node(String op, List<String> inputs, String output, Map<String, Object> attributes) {
        taken.add(output);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> n.addAttribute(attribute(e.getKey(), e.getValue())));
        nodes.add(n);
    }

    /** Renames the output of the last node, which nothing may have consumed yet. */
    public boolean renameLast(String from, String to) {
        if (nodes.isEmpty() || !nodes.get(nodes.size() - 1).getOutput(0).equals(from) || outputs.contains(from)) {
            return false;
        }
        taken.add(to);
        nodes.get(nodes.size() - 1).setOutput(0, to).setName(to);
        return true;
    }

    public void output(String name) {
        outputs.add(name);
    }

    /** Serializes the model; output shapes come from shape inference, batch kept symbolic. */
    public byte[] build(String graphName, int opset) {
        GraphProto.Builder g = GraphProto.newBuilder().setName(graphName)
                .addInput(Protos.valueInfo(input, Protos.FLOAT, inputShape, "N"))
                .addAllInitializer(initializers);
        nodes.forEach(g::addNode);
        outputs.forEach(o -> g.addOutput(Protos.valueInfo(o, Protos.FLOAT, null, "N")));
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(opset <= 14 ? 7 : opset <= 18 ? 8 : 9)
                .setProducerName("coinfer").setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset));
        GraphModel parsed = GraphModel.of(m.build());
        Shapes shapes = new Shapes(parsed);
        g.clearOutput();
        for (String o : outputs) {
            g.addOutput(Segments.describe(parsed, shapes, o));
        }
        return m.setGraph(g).build().toByteArray();
    }

    private static AttributeProto attribute(String name, Object v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (v instanceof Integer || v instanceof Long) {
            a.setType(AttributeType.INT).setI(((Number) v).longValue());
        } else if (v instanceof Float || v instanceof Double) {
            a.setType(AttributeType.FLOAT).setF(((Number) v).floatValue());
        } else if (v instanceof String s) {
            a.setType(AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (v instanceof int[] ints) {
            a.setType(AttributeType.INTS);
            Arrays.stream(ints).forEach(i -> a.addInts(i));
        } else if (v instanceof long[] longs) {
            a.setType(AttributeType.INTS);
            Arrays.stream(longs).forEach(a::addInts);
        } else if (v instanceof float[] floats) {
            a.setType(AttributeType.FLOATS);
            for (float f : floats) {
                a.addFloats(f);
            }
        } else {
            throw new IllegalArgumentException("attribute " + name + ": unsupported value " + v);
        }
        return a.build();
    }
}
