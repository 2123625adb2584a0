package org.coinfer.onnx.internal;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cut points as dominators: on the bipartite value/node DAG restricted to what lies on a path
 * from the input to the target, the values that dominate the target are exactly the tensors
 * every path passes through. Constant subgraphs are outside that DAG, so they never create
 * paths; a Shape of x rejoining at Reshape does, which keeps the shape tensors from being cuts.
 */
public final class Cuts {
    private Cuts() {
    }

    /** The cut values for {@code target} in topological order, from the input to the target. */
    public static List<String> of(GraphModel g, String target) {
        String in = g.input.getName();
        if (!g.fromInput.contains(target)) {
            throw new IllegalArgumentException("'" + target + "' does not depend on the input '" + in + "'");
        }
        Set<Integer> needed = new HashSet<>();
        collect(g, target, needed);
        // Vertices: "v:" + value or "n:" + node index; idom and depth per vertex.
        Map<String, String> idom = new HashMap<>();
        Map<String, Integer> depth = new HashMap<>();
        depth.put(v(in), 0);
        for (int i = 0; i < g.nodes.size(); i++) {
            if (!needed.contains(i)) {
                continue;
            }
            NodeProto n = g.nodes.get(i);
            String dom = null;
            for (String x : n.getInputList()) {
                if (g.fromInput.contains(x) && depth.containsKey(v(x))) {
                    dom = dom == null ? v(x) : lca(dom, v(x), idom, depth);
                }
            }
            String self = "n:" + i;
            idom.put(self, dom);
            depth.put(self, depth.get(dom) + 1);
            for (String out : n.getOutputList()) {
                if (!out.isEmpty()) {
                    idom.put(v(out), self);
                    depth.put(v(out), depth.get(self) + 1);
                }
            }
        }
        List<String> cuts = new ArrayList<>();
        for (String x = v(target); x != null; x = idom.get(x)) {
            if (x.startsWith("v:")) {
                cuts.add(x.substring(2));
            }
        }
        Collections.reverse(cuts);
        return cuts;
    }

    /** Nodes that {@code value} depends on and that themselves depend on the input. */
    private static void collect(GraphModel g, String value, Set<Integer> needed) {
        List<String> todo = new ArrayList<>(List.of(value));
        while (!todo.isEmpty()) {
            String x = todo.remove(todo.size() - 1);
            Integer p = g.producer.get(x);
            if (p != null && g.fromInput.contains(x) && needed.add(p)) {
                todo.addAll(g.nodes.get(p).getInputList());
            }
        }
    }

    private static String lca(String a, String b, Map<String, String> idom, Map<String, Integer> depth) {
        while (!a.equals(b)) {
            if (depth.get(a) >= depth.get(b)) {
                a = idom.get(a);
            } else {
                b = idom.get(b);
            }
        }
        return a;
    }

    private static String v(String value) {
        return "v:" + value;
    }
}
