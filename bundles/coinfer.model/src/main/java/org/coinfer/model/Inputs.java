package org.coinfer.model;

import java.nio.ByteBuffer;
import org.coinfer.api.Tensor;
import org.coinfer.api.TensorSpec;

/** Tensors shaped for a model input, with an unknown (batch) dimension taken as 1. */
public final class Inputs {
    private Inputs() {
    }

    public static long[] batchOne(TensorSpec spec) {
        long[] shape = spec.shape();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                shape[i] = 1;
            }
        }
        return shape;
    }

    public static Tensor zeros(TensorSpec spec) {
        long[] shape = batchOne(spec);
        int bytes = Math.toIntExact(Tensor.elementCount(shape) * spec.dtype().bytes());
        return new Tensor(spec.dtype(), shape, ByteBuffer.allocate(bytes));
    }
}
