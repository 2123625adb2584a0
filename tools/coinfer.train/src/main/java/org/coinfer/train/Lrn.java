package org.coinfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;

/**
 * ONNX's LRN as a training block (the exporter writes that operator, so training must compute
 * the same function). The function itself is the DJL backend's, from coinfer.engine.djl, so the
 * trained model and the backend that serves it agree by construction.
 */
final class Lrn {
    private Lrn() {
    }

    static Block block(int size, float alpha, float beta, float bias) {
        if (size < 1) {
            throw new IllegalArgumentException("LRN size must be positive, got " + size);
        }
        return LambdaBlock.singleton(x -> apply(x, size, alpha, beta, bias), "lrn");
    }

    static NDArray apply(NDArray x, int size, float alpha, float beta, float bias) {
        return org.coinfer.engine.djl.Lrn.apply(x, size, alpha, beta, bias);
    }
}
