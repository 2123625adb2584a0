package org.coinfer.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Local response normalization across channels as ONNX's LRN operator defines it:
 * {@code y = x / (bias + alpha / size * sum(x^2 over the channel window))^beta}, where the window
 * of channel c runs from {@code c - floor((size-1)/2)} to {@code c + ceil((size-1)/2)}, clipped to
 * the existing channels. Plain NDArray operations, so autograd differentiates it too.
 */
public final class Lrn {
    private Lrn() {
    }

    /** LRN of an NCHW (or any N, C, ...) array. */
    public static NDArray apply(NDArray x, int size, float alpha, float beta, float bias) {
        if (size < 1) {
            throw new IllegalArgumentException("LRN size must be positive, got " + size);
        }
        Shape s = x.getShape();
        long channels = s.get(1);
        int before = (size - 1) / 2;
        int after = size - 1 - before;
        // Zero channels on both sides stand for the clipped part of the window.
        NDArray squares = x.square();
        NDList parts = new NDList();
        if (before > 0) {
            parts.add(squares.getManager().zeros(withChannels(s, before), x.getDataType()));
        }
        parts.add(squares);
        if (after > 0) {
            parts.add(squares.getManager().zeros(withChannels(s, after), x.getDataType()));
        }
        NDArray padded = parts.size() == 1 ? squares : NDArrays.concat(parts, 1);
        NDArray window = padded.get(new NDIndex(":, 0:{}", channels));
        for (int k = 1; k < size; k++) {
            window = window.add(padded.get(new NDIndex(":, {}:{}", k, k + channels)));
        }
        return x.div(window.mul(alpha / size).add(bias).pow(beta));
    }

    private static Shape withChannels(Shape s, long channels) {
        long[] dims = s.getShape();
        dims[1] = channels;
        return new Shape(dims);
    }
}
