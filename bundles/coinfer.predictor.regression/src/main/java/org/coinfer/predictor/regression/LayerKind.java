package org.coinfer.predictor.regression;

import java.util.List;
import java.util.Set;
import org.coinfer.onnx.OnnxNode;

/**
 * The layer types that get a regression term of their own, with Edgent's features (its Table I)
 * taken from a node's cost features at batch 1. A convolution's FLOPs are the product of
 * Edgent's two convolution features, input feature-map size and (filter/stride)^2 x filters;
 * a fully connected layer's FLOPs are twice its weights. Every kind also counts its nodes: each
 * node pays a fixed dispatch cost, whatever its size.
 */
public enum LayerKind {
    CONVOLUTION(List.of("flops", "inputBytes", "outputBytes")),
    FULLY_CONNECTED(List.of("flops", "inputBytes", "outputBytes")),
    POOLING(List.of("inputBytes", "outputBytes")),
    /** LRN, batch normalization, softmax: input size, and FLOPs that grow with the window. */
    NORMALIZATION(List.of("flops", "inputBytes")),
    /** ReLU and other activations, Add, Mul...: input and output sizes. */
    ELEMENTWISE(List.of("inputBytes", "outputBytes")),
    /** Data movement (dropout, flatten, reshape, concat...): input size. */
    DATA(List.of("inputBytes"));

    private static final Set<String> CONVOLUTIONS = Set.of("Conv", "ConvTranspose", "ConvInteger", "QLinearConv");
    private static final Set<String> FULLY_CONNECTEDS = Set.of("Gemm", "MatMul", "MatMulInteger", "QLinearMatMul");
    private static final Set<String> POOLS = Set.of("MaxPool", "AveragePool", "LpPool", "GlobalAveragePool",
            "GlobalMaxPool", "GlobalLpPool", "MaxRoiPool");
    private static final Set<String> NORMALIZATIONS = Set.of("LRN", "BatchNormalization", "InstanceNormalization",
            "LayerNormalization", "Softmax", "LogSoftmax");
    private static final Set<String> MOVES = Set.of("Identity", "Dropout", "Reshape", "Flatten", "Concat", "Shape",
            "Gather", "Unsqueeze", "Squeeze", "Transpose", "Cast", "Constant", "Slice", "Split", "Pad", "Expand", "Tile");

    private final List<String> features;

    LayerKind(List<String> features) {
        this.features = features;
    }

    public static LayerKind of(String opType) {
        if (CONVOLUTIONS.contains(opType)) {
            return CONVOLUTION;
        } else if (FULLY_CONNECTEDS.contains(opType)) {
            return FULLY_CONNECTED;
        } else if (POOLS.contains(opType)) {
            return POOLING;
        } else if (NORMALIZATIONS.contains(opType)) {
            return NORMALIZATION;
        } else if (MOVES.contains(opType)) {
            return DATA;
        }
        return ELEMENTWISE;
    }

    /** Names of the size features, in the order {@link #features(OnnxNode)} returns them. */
    public List<String> featureNames() {
        return features;
    }

    /**
     * The node's size features.
     *
     * @throws IllegalArgumentException naming the node when the model leaves a shape it needs unknown
     */
    public double[] features(OnnxNode node) {
        double[] x = new double[features.size()];
        for (int i = 0; i < x.length; i++) {
            long v = switch (features.get(i)) {
                case "flops" -> node.flops();
                case "inputBytes" -> node.inputBytes();
                case "outputBytes" -> node.outputBytes();
                default -> throw new AssertionError(features.get(i));
            };
            if (v < 0) {
                throw new IllegalArgumentException("node " + node.name() + " (" + node.opType() + "): its "
                        + features.get(i) + " are unknown (a tensor shape the model leaves open)");
            }
            x[i] = v;
        }
        return x;
    }
}
