package org.coinfer.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
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

    /**
     * Fashion-MNIST's test images, when the dataset is installed and its images fit this input;
     * else empty, and a caller falls back to {@link #zeros}.
     */
    public static Optional<IdxDataset> testImages(TensorSpec spec) {
        try {
            IdxDataset d = IdxDataset.fashionMnistTest();
            return d.image(0).elementCount() == Tensor.elementCount(batchOne(spec)) ? Optional.of(d) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static Tensor zeros(TensorSpec spec) {
        long[] shape = batchOne(spec);
        int bytes = Math.toIntExact(Tensor.elementCount(shape) * spec.dtype().bytes());
        return new Tensor(spec.dtype(), shape, ByteBuffer.allocate(bytes));
    }
}
