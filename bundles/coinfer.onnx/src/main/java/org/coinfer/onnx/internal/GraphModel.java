package org.coinfer.onnx.internal;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A parsed, validated and indexed ONNX model: nodes in topological order, who produces each
 * value, the initializers and which values depend on the single model input.
 */
public final class GraphModel {
    /** Thrown for malformed models; the caller adds the source name. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    public final ModelProto model;
    public final GraphProto graph;
    public final List<NodeProto> nodes;
    public final Map<String, Integer> producer = new HashMap<>();
    public final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    public final Map<String, ValueInfoProto> valueInfo = new HashMap<>();
    public final ValueInfoProto input;
    /** Values computed from the input, the input included (initializer-only subgraphs are not). */
    public final Set<String> fromInput;

    private GraphModel(ModelProto model) {
        this.model = model;
        this.graph = model.getGraph();
        for (TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        List<ValueInfoProto> inputs = graph.getInputList().stream()
                .filter(v -> !initializers.containsKey(v.getName())).toList();
        if (inputs.isEmpty()) {
            throw new Invalid("graph has no input");
        }
        if (inputs.size() > 1) {
            throw new Invalid("more than one non-initializer input: "
                    + inputs.stream().map(ValueInfoProto::getName).toList());
        }
        input = inputs.get(0);
        if (!input.getType().hasTensorType()) {
            throw new Invalid("input '" + input.getName() + "' is not a tensor");
        }
        for (ValueInfoProto v : graph.getValueInfoList()) {
            valueInfo.put(v.getName(), v);
        }
        for (ValueInfoProto v : graph.getOutputList()) {
            valueInfo.putIfAbsent(v.getName(), v);
        }
        nodes = sorted(graph.getNodeList());
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).getOutputList()) {
                if (!out.isEmpty() && producer.put(out, i) != null) {
                    throw new Invalid("value '" + out + "' is produced twice");
                }
            }
        }
        for (ValueInfoProto out : graph.getOutputList()) {
            if (!defined(out.getName())) {
                throw new Invalid("output '" + out.getName() + "' is not produced by any node");
            }
        }
        fromInput = forwardFrom(input.getName());
    }

    /** Parses and validates; malformed input becomes {@link Invalid} with a one-line reason. */
    public static GraphModel parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw new Invalid("not an ONNX model (empty)");
        }
        ModelProto m;
        try {
            m = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            String why = String.valueOf(e.getMessage());
            throw new Invalid(why.contains("ended unexpectedly") || why.contains("truncated")
                    ? "truncated ONNX model (" + bytes.length + " bytes)"
                    : "not an ONNX model (" + firstLine(why) + ")");
        }
        return of(m);
    }

    public static GraphModel of(ModelProto m) {
        if (!m.hasGraph() && (m.getIrVersion() <= 0 || m.getOpsetImportCount() == 0)) {
            throw new Invalid("not an ONNX model (no graph, no ir_version or opset_import)");
        }
        if (!m.hasGraph()) {
            throw new Invalid("model has no graph");
        }
        if (m.getOpsetImportCount() == 0) {
            throw new Invalid("model has no opset_import (truncated?)");
        }
        return new GraphModel(m);
    }

    /** Version of the default ONNX operator set. */
    public long opset() {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return o.getVersion();
            }
        }
        return -1;
    }

    public boolean defined(String value) {
        return value.equals(input.getName()) || initializers.containsKey(value) || producer.containsKey(value);
    }

    /** Values that depend on {@code start} (itself included), following nodes forward. */
    public Set<String> forwardFrom(String start) {
        Set<String> reach = new HashSet<>();
        reach.add(start);
        for (NodeProto n : nodes) {
            if (n.getInputList().stream().anyMatch(reach::contains)) {
                n.getOutputList().stream().filter(o -> !o.isEmpty()).forEach(reach::add);
            }
        }
        return reach;
    }

    public String label(int node) {
        NodeProto n = nodes.get(node);
        return n.getName().isEmpty() ? n.getOpType() + "#" + node : n.getName();
    }

    /** Kahn's algorithm, keeping file order where it is already valid; also checks inputs are defined. */
    private List<NodeProto> sorted(List<NodeProto> in) {
        Map<String, Integer> made = new HashMap<>();
        for (int i = 0; i < in.size(); i++) {
            for (String o : in.get(i).getOutputList()) {
                made.put(o, i);
            }
        }
        int[] pending = new int[in.size()];
        List<List<Integer>> users = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            users.add(new ArrayList<>());
        }
        for (int i = 0; i < in.size(); i++) {
            for (String v : in.get(i).getInputList()) {
                if (v.isEmpty() || v.equals(input.getName()) || initializers.containsKey(v)) {
                    continue;
                }
                Integer p = made.get(v);
                if (p == null) {
                    throw new Invalid("node " + in.get(i).getOpType() + " '" + in.get(i).getName()
                            + "' uses undefined value '" + v + "'");
                }
                pending[i]++;
                users.get(p).add(i);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < in.size(); i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<NodeProto> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            int i = ready.poll();
            out.add(in.get(i));
            for (int u : users.get(i)) {
                if (--pending[u] == 0) {
                    ready.add(u);
                }
            }
        }
        if (out.size() != in.size()) {
            throw new Invalid("graph has a cycle");
        }
        return List.copyOf(out);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
