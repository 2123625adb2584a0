package org.coinfer.backend.djl.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.coinfer.api.DType;
import org.coinfer.api.Tensor;

/**
 * Moves tensors between Coinfer and DJL as whole byte buffers. Coinfer's bytes are
 * little-endian, libtorch's native; both Linux platforms shipped are little-endian.
 */
final class Tensors {
    private Tensors() {
    }

    /** An array in {@code manager} holding a copy of the tensor's elements. */
    static NDArray toNd(NDManager manager, Tensor t) {
        ByteBuffer direct = ByteBuffer.allocateDirect(Math.toIntExact(t.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        direct.put(t.data()).flip();
        return manager.create(direct, new Shape(t.shape()), dataType(t.dtype()));
    }

    /** The array's elements copied into a Coinfer tensor, so the array may be closed. */
    static Tensor fromNd(NDArray a) {
        ByteBuffer src = a.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(src.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(src).flip();
        return new Tensor(dtype(a.getDataType()), a.getShape().getShape(), out);
    }

    static DataType dataType(DType d) {
        return switch (d) {
            case FLOAT32 -> DataType.FLOAT32;
            case FLOAT64 -> DataType.FLOAT64;
            case INT8 -> DataType.INT8;
            case UINT8 -> DataType.UINT8;
            case INT32 -> DataType.INT32;
            case INT64 -> DataType.INT64;
        };
    }

    static DType dtype(DataType d) {
        return switch (d) {
            case FLOAT32 -> DType.FLOAT32;
            case FLOAT64 -> DType.FLOAT64;
            case INT8 -> DType.INT8;
            case UINT8 -> DType.UINT8;
            case INT32 -> DType.INT32;
            case INT64 -> DType.INT64;
            default -> throw new IllegalArgumentException("DJL type " + d + " has no Coinfer dtype");
        };
    }
}
