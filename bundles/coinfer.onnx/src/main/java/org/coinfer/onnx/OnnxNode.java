package org.coinfer.onnx;

import java.util.List;

/**
 * One graph node with its cost features at batch 1; a feature is -1 when a shape it needs is
 * unknown. FLOPs count a multiply-add as 2 (Conv, Gemm, MatMul), pooling its window per output
 * element, global pooling and reductions 1 per input element, data movement (Reshape, Flatten,
 * Concat, Slice, Pad, Dropout, shape arithmetic...) as 0 and other ops 1 per output element.
 *
 * @param name the node's name, or op type and index when the model leaves it empty
 * @param opType the ONNX operator, e.g. {@code Conv}
 * @param inputs input value names, initializers included
 * @param outputs output value names
 * @param flops floating point operations for one input
 * @param params elements of the initializers it reads (weights, biases)
 * @param inputBytes bytes of its non-initializer inputs
 * @param outputBytes bytes of its outputs
 */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs, long flops,
        long params, long inputBytes, long outputBytes) {
    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
