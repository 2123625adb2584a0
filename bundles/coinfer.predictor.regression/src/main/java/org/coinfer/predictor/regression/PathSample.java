package org.coinfer.predictor.regression;

import java.util.List;
import org.coinfer.onnx.OnnxNode;

/**
 * One measured part of a path: the nodes one session ran, the sizes of the tensor it received
 * and returned, and its median time.
 *
 * @param model the model it belongs to, so cross-validation can leave whole models out
 * @param cut where it ends on the device (it starts at the input) or starts on the edge (it ends at the output)
 */
public record PathSample(String model, int exit, int cut, List<OnnxNode> nodes, long inputBytes, long outputBytes, double ms) {
    public PathSample {
        nodes = List.copyOf(nodes);
    }
}
