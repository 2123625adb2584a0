package org.coinfer.backend.tensorflow.internal;

import java.nio.ByteBuffer;
import org.coinfer.api.DType;
import org.coinfer.api.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Moves float tensors between Coinfer and TensorFlow as whole byte blocks: both hold elements
 * row-major, Coinfer little-endian and TensorFlow in the host's order, little-endian on every
 * platform its natives ship for.
 */
final class TfTensors {
    private TfTensors() {
    }

    static TFloat32 toTf(Tensor t) {
        return org.tensorflow.Tensor.of(TFloat32.class, Shape.of(t.shape()), DataBuffers.of(t.data()));
    }

    static Tensor fromTf(org.tensorflow.Tensor t) {
        byte[] bytes = new byte[Math.toIntExact(t.numBytes())];
        t.asRawTensor().data().read(bytes);
        return new Tensor(DType.FLOAT32, t.shape().asArray(), ByteBuffer.wrap(bytes));
    }
}
