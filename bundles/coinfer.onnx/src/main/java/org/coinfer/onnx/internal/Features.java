package org.coinfer.onnx.internal;

import ai.onnx.proto.OnnxMl.NodeProto;

/**
 * Per-node cost features. FLOPs convention: a multiply-add counts 2 (Conv, Gemm, MatMul; bias
 * ignored); pooling counts its window per output element, global pooling and reductions 1 per
 * input element; LRN 2*size+3, Softmax 3 and BatchNormalization 2 per element; data movement
 * (Identity, Dropout, Reshape, Flatten, Concat, Slice, Split, Pad, shape arithmetic, Transpose,
 * Cast, Constant) 0; any other op 1 per output element.
 */
public final class Features {
    /** flops, params, input bytes and output bytes; -1 where a shape is unknown. */
    public record Cost(long flops, long params, long inputBytes, long outputBytes) {
    }

    private Features() {
    }

    public static Cost of(GraphModel g, Shapes s, NodeProto n) {
        long params = 0, inBytes = 0, outBytes = 0;
        for (String x : n.getInputList()) {
            if (x.isEmpty()) {
                continue;
            }
            if (g.initializers.containsKey(x)) {
                params += Protos.elementCount(g.initializers.get(x));
            } else {
                inBytes = add(inBytes, s.bytes(x));
            }
        }
        for (String y : n.getOutputList()) {
            if (!y.isEmpty()) {
                outBytes = add(outBytes, s.bytes(y));
            }
        }
        return new Cost(flops(s, n), params, inBytes, outBytes);
    }

    private static long flops(Shapes s, NodeProto n) {
        long[] out = n.getOutputCount() == 0 ? null : s.shape(n.getOutput(0));
        if (out == null) {
            return -1;
        }
        long elems = Shapes.count(out);
        return switch (n.getOpType()) {
            case "Conv" -> {
                long[] w = s.shape(n.getInput(1));
                yield w == null ? -1 : 2 * elems * Shapes.count(java.util.Arrays.copyOfRange(w, 1, w.length));
            }
            case "Gemm", "MatMul" -> {
                long[] a = s.shape(n.getInput(0));
                boolean ta = Protos.attrInt(n, "transA", 0) != 0;
                yield a == null ? -1 : 2 * elems * (ta && a.length == 2 ? a[0] : a[a.length - 1]);
            }
            case "MaxPool", "AveragePool", "LpPool" -> {
                long[] k = Protos.attrInts(n, "kernel_shape");
                yield k == null ? -1 : elems * Shapes.count(k);
            }
            case "GlobalAveragePool", "GlobalMaxPool", "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd",
                    "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare", "ArgMax", "ArgMin" -> {
                long[] x = s.shape(n.getInput(0));
                yield x == null ? -1 : Shapes.count(x);
            }
            case "LRN" -> elems * (2 * Protos.attrInt(n, "size", 1) + 3);
            case "Softmax", "LogSoftmax" -> 3 * elems;
            case "BatchNormalization" -> 2 * elems;
            case "Identity", "Dropout", "Reshape", "Flatten", "Concat", "Shape", "Gather", "Unsqueeze",
                    "Squeeze", "Transpose", "Cast", "Constant", "Slice", "Split", "Pad" -> 0;
            default -> elems;
        };
    }

    private static long add(long total, long more) {
        return total < 0 || more < 0 ? -1 : total + more;
    }
}
