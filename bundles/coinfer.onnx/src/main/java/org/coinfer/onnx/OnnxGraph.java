package org.coinfer.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.coinfer.api.CutPoint;
import org.coinfer.api.DType;
import org.coinfer.api.TensorSpec;
import org.coinfer.onnx.internal.Cuts;
import org.coinfer.onnx.internal.Features;
import org.coinfer.onnx.internal.GraphModel;
import org.coinfer.onnx.internal.Protos;
import org.coinfer.onnx.internal.Segments;
import org.coinfer.onnx.internal.Shapes;

/**
 * An ONNX model with a single input, read once and then queried: its cut points per output,
 * standalone segments between cuts, inferred shapes and per-node cost features. Immutable and
 * safe to share between threads.
 */
public final class OnnxGraph {
    private final String source;
    private final GraphModel g;
    private final Shapes shapes;
    private final TensorSpec input;
    private final List<OnnxNode> nodes;

    private OnnxGraph(String source, GraphModel g) {
        this.source = source;
        this.g = g;
        this.shapes = new Shapes(g);
        this.input = spec(source, g);
        List<OnnxNode> list = new ArrayList<>();
        for (int i = 0; i < g.nodes.size(); i++) {
            var n = g.nodes.get(i);
            Features.Cost c;
            try {
                c = Features.of(g, shapes, n);
            } catch (RuntimeException odd) { // malformed attributes: features unknown, graph still usable
                c = new Features.Cost(-1, -1, -1, -1);
            }
            list.add(new OnnxNode(g.label(i), n.getOpType(), n.getInputList(), n.getOutputList(), c.flops(),
                    c.params(), c.inputBytes(), c.outputBytes()));
        }
        this.nodes = List.copyOf(list);
    }

    /**
     * Parses a serialized ModelProto.
     *
     * @param source names the model in error messages, e.g. its file name
     * @throws OnnxFormatException if the bytes are not a usable single-input ONNX model
     */
    public static OnnxGraph parse(byte[] model, String source) {
        try {
            return new OnnxGraph(source, GraphModel.parse(model));
        } catch (GraphModel.Invalid e) {
            throw new OnnxFormatException(source, e.getMessage());
        }
    }

    /** Reads and parses a model file; an unreadable file is also an {@link OnnxFormatException}. */
    public static OnnxGraph read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OnnxFormatException(file.toString(), "cannot read (" + e + ")");
        }
        return parse(bytes, file.toString());
    }

    /** The name given at parse time. */
    public String source() {
        return source;
    }

    /** The single model input; symbolic dimensions (the batch) are -1. */
    public TensorSpec input() {
        return input;
    }

    /** Graph output names in declaration order (one per exit for multi-exit models). */
    public List<String> outputs() {
        return g.graph.getOutputList().stream().map(v -> v.getName()).toList();
    }

    public int nodeCount() {
        return g.nodes.size();
    }

    /** Version of the default ({@code ai.onnx}) operator set, -1 if not imported. */
    public long opset() {
        return g.opset();
    }

    public long irVersion() {
        return g.model.getIrVersion();
    }

    /** All nodes in topological order with their features. */
    public List<OnnxNode> nodes() {
        return nodes;
    }

    /**
     * The tensors every path from the input to {@code output} passes through, in topological
     * order, from the input name to {@code output}. {@code output} may be any tensor computed from
     * the input, not only a graph output.
     *
     * @throws IllegalArgumentException naming the source if there is no such tensor
     */
    public List<String> cutPoints(String output) {
        if (!g.producer.containsKey(output) && !output.equals(input.name())) {
            throw new IllegalArgumentException(source + ": no tensor named '" + output + "' (outputs: " + outputs() + ")");
        }
        try {
            return List.copyOf(Cuts.of(g, output));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** {@link #cutPoints} as API cut points, with each tensor's size at batch 1 (-1 if unknown). */
    public List<CutPoint> cuts(String output) {
        List<String> names = cutPoints(output);
        List<CutPoint> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(new CutPoint(i, names.get(i), tensorBytes(names.get(i))));
        }
        return out;
    }

    /**
     * A standalone serialized ModelProto computing {@code toTensor} from {@code fromTensor}: one
     * input, one output, the nodes in between (constant subgraphs included), the initializers
     * they read, and this model's opset imports and IR version.
     *
     * @throws IllegalArgumentException naming the source and both tensors if the segment would
     *     also need values computed from the input without passing through {@code fromTensor}
     */
    public byte[] extract(String fromTensor, String toTensor) {
        try {
            return Segments.extract(g, shapes, fromTensor, toTensor);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** The nodes {@link #extract} would put in the segment, in topological order. */
    public List<OnnxNode> nodesBetween(String fromTensor, String toTensor) {
        try {
            return Segments.nodes(g, fromTensor, toTensor).stream().map(nodes::get).toList();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** The inferred shape of a tensor at batch 1, or null if unknown. */
    public long[] shape(String tensor) {
        return shapes.shape(tensor);
    }

    /** Size of a tensor at batch 1 in bytes, or -1 if its shape or element type is unknown. */
    public long tensorBytes(String tensor) {
        return shapes.bytes(tensor);
    }

    private static TensorSpec spec(String source, GraphModel g) {
        var t = g.input.getType().getTensorType();
        long[] shape = Protos.declaredShape(g.input);
        try {
            return new TensorSpec(g.input.getName(), DType.ofCode(t.getElemType()), shape == null ? new long[0] : shape);
        } catch (IllegalArgumentException e) {
            throw new OnnxFormatException(source, "input '" + g.input.getName() + "': " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "OnnxGraph[" + source + ", " + input + " -> " + outputs() + ", " + nodeCount() + " nodes]";
    }
}
