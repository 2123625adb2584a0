package org.coinfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.LinkedHashSet;
import java.util.Set;
import org.coinfer.onnx.OnnxModelBuilder;

/**
 * Writes a trained {@link BranchyNet} as one ONNX graph through the project's
 * {@link OnnxModelBuilder}: one input, one output per exit, the trained parameters as
 * initializers. DJL, PyTorch and ONNX share the layouts (conv {@code [out,in,kh,kw]}, fully
 * connected {@code [out,in]}), so values pass through unchanged; a parameter the graph does not
 * use fails the export.
 */
public final class OnnxExport {
    private OnnxExport() {
    }

    /** The network for float input {@code N x channels x height x width}, input named {@code input}. */
    public static byte[] export(BranchyNet net, String graphName, long channels, long height, long width) {
        Set<String> unused = new LinkedHashSet<>();
        for (String layer : net.layers().keySet()) {
            unused.add(layer + ".weight");
            unused.add(layer + ".bias");
        }
        OnnxModelBuilder m = OnnxModelBuilder.input("input", -1, channels, height, width).graphName(graphName);
        net.writeOnnx(m, new Layers.Params() {
            @Override
            public float[] values(String name) {
                unused.remove(name);
                return parameter(net, name).toFloatArray();
            }

            @Override
            public long[] shape(String name) {
                return parameter(net, name).getShape().getShape();
            }
        });
        if (!unused.isEmpty()) {
            throw new IllegalStateException("trained parameters " + unused + " are not part of the exported graph");
        }
        return m.build();
    }

    static NDArray parameter(BranchyNet net, String name) {
        int dot = name.lastIndexOf('.');
        Block layer = dot < 0 ? null : net.layers().get(name.substring(0, dot));
        Parameter p = layer == null ? null : layer.getParameters().get(name.substring(dot + 1));
        if (p == null) {
            throw new IllegalStateException("the exporter wants '" + name + "' but the network has no such parameter; layers: "
                    + net.layers().keySet());
        }
        return p.getArray();
    }
}
