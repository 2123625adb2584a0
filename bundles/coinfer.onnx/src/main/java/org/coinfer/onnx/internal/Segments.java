package org.coinfer.onnx.internal;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Cuts a standalone model out of a graph: one input, one output and the nodes in between. */
public final class Segments {
    private Segments() {
    }

    /**
     * Indices (topological) of the nodes needed to compute {@code to} from {@code from}, constant
     * subgraphs included; fails if a needed value depends on the input other than through {@code from}.
     */
    public static List<Integer> nodes(GraphModel g, String from, String to) {
        if (!g.defined(from) || g.initializers.containsKey(from)) {
            throw new IllegalArgumentException("no tensor named '" + from + "'");
        }
        if (!g.producer.containsKey(to)) {
            throw new IllegalArgumentException("no node output named '" + to + "'");
        }
        Set<String> fromFrom = g.forwardFrom(from);
        if (from.equals(to) || !fromFrom.contains(to)) {
            throw new IllegalArgumentException("'" + to + "' is not computed from '" + from + "'");
        }
        Set<Integer> picked = new TreeSet<>();
        List<String> todo = new ArrayList<>(List.of(to));
        while (!todo.isEmpty()) {
            String x = todo.remove(todo.size() - 1);
            if (x.isEmpty() || x.equals(from) || g.initializers.containsKey(x)) {
                continue;
            }
            if (g.fromInput.contains(x) && !fromFrom.contains(x)) {
                throw new IllegalArgumentException("segment '" + from + "' -> '" + to + "' also needs '" + x
                        + "', which is computed from the input without passing through '" + from + "'");
            }
            Integer p = g.producer.get(x);
            if (p != null && picked.add(p)) {
                todo.addAll(g.nodes.get(p).getInputList());
            }
        }
        return List.copyOf(picked);
    }

    /** The serialized segment model; {@code shapes} supplies the declared input and output shapes. */
    public static byte[] extract(GraphModel g, Shapes shapes, String from, String to) {
        List<Integer> picked = nodes(g, from, to);
        GraphProto.Builder gb = GraphProto.newBuilder().setName(g.graph.getName() + "_" + from + "_" + to);
        Set<String> used = new LinkedHashSet<>();
        for (int i : picked) {
            NodeProto n = g.nodes.get(i);
            gb.addNode(n);
            used.addAll(n.getInputList());
            used.addAll(n.getOutputList());
        }
        boolean oldIr = g.model.getIrVersion() < 4; // before IR 4 initializers had to be inputs too
        gb.addInput(describe(g, shapes, from));
        for (String u : used) {
            if (g.initializers.containsKey(u)) {
                gb.addInitializer(g.initializers.get(u));
                if (oldIr) {
                    g.graph.getInputList().stream().filter(v -> v.getName().equals(u)).findFirst().ifPresent(gb::addInput);
                }
            } else if (!u.equals(from) && !u.equals(to) && g.valueInfo.containsKey(u)) {
                gb.addValueInfo(g.valueInfo.get(u));
            }
        }
        gb.addOutput(describe(g, shapes, to));
        ModelProto.Builder mb = g.model.toBuilder().clearGraph().clearTrainingInfo().setGraph(gb);
        return mb.build().toByteArray();
    }

    /**
     * A value's type and shape: the declared one if the model has it, else the inferred one with
     * the batch dimension as symbolic as the model input's.
     */
    static ValueInfoProto describe(GraphModel g, Shapes shapes, String name) {
        if (name.equals(g.input.getName())) {
            return g.input;
        }
        ValueInfoProto declared = g.valueInfo.get(name);
        if (declared != null && declared.getType().getTensorType().hasShape()) {
            return declared;
        }
        int type = shapes.elemType(name);
        if (type <= 0 && declared != null) {
            return declared;
        }
        long[] shape = shapes.shape(name);
        if (shape != null && shape.length > 0 && batchSymbolic(g)) {
            shape = shape.clone();
            shape[0] = -1;
        }
        return Protos.valueInfo(name, type > 0 ? type : Protos.FLOAT, shape, batchSymbol(g));
    }

    private static boolean batchSymbolic(GraphModel g) {
        long[] s = Protos.declaredShape(g.input);
        return s != null && s.length > 0 && s[0] < 0;
    }

    private static String batchSymbol(GraphModel g) {
        var dims = g.input.getType().getTensorType().getShape().getDimList();
        return !dims.isEmpty() && !dims.get(0).getDimParam().isEmpty() ? dims.get(0).getDimParam() : "N";
    }
}
