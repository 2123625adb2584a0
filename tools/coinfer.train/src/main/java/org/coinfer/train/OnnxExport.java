package org.coinfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.coinfer.onnx.DemoModels;

/**
 * Hands a trained network's parameters to the project's ONNX writer by name: the writer asks for
 * {@code conv1.weight [64,1,5,5]}, {@code exit2.fc.bias [10]} and so on, and gets the DJL layer
 * of that name's parameter. DJL, PyTorch and ONNX share the layouts (conv {@code [out,in,kh,kw]},
 * fully connected {@code [out,in]}), so values pass through unchanged; any difference in
 * names or shapes fails the export.
 */
public final class OnnxExport {
    private OnnxExport() {
    }

    /** B-AlexNet through {@link DemoModels#multiExitCnn(DemoModels.Weights)}. */
    public static byte[] bAlexNet(BranchyNet net) {
        Set<String> unused = new LinkedHashSet<>();
        for (String layer : net.layers().keySet()) {
            unused.add(layer + ".weight");
            unused.add(layer + ".bias");
        }
        byte[] onnx = DemoModels.multiExitCnn((name, shape) -> {
            unused.remove(name);
            return values(net, name, shape);
        });
        if (!unused.isEmpty()) {
            throw new IllegalStateException("the ONNX writer did not ask for trained parameters " + unused
                    + ": the network and DemoModels.multiExitCnn differ");
        }
        return onnx;
    }

    static float[] values(BranchyNet net, String name, long... shape) {
        int dot = name.lastIndexOf('.');
        Block layer = dot < 0 ? null : net.layers().get(name.substring(0, dot));
        Parameter p = layer == null ? null : layer.getParameters().get(name.substring(dot + 1));
        if (p == null) {
            throw new IllegalStateException("the ONNX writer wants '" + name + "' but the trained network has no such parameter; layers: "
                    + net.layers().keySet());
        }
        NDArray a = p.getArray();
        if (!Arrays.equals(a.getShape().getShape(), shape)) {
            throw new IllegalStateException("'" + name + "': the ONNX writer expects shape " + Arrays.toString(shape)
                    + " but the trained parameter has " + a.getShape());
        }
        return a.toFloatArray();
    }
}
