package org.coinfer.backend.onnxruntime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.coinfer.api.DType;
import org.coinfer.api.Tensor;

/** Moves tensors between Coinfer and ONNX Runtime as whole byte buffers. */
final class OrtTensors {
    private OrtTensors() {
    }

    /**
     * Each thread's native staging buffer, reused across calls: allocating native memory costs
     * page faults on every call (about a millisecond for a 200 KB activation), more than many
     * layers take to run.
     */
    private static final ThreadLocal<ByteBuffer> STAGING = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(0));

    /**
     * A tensor ONNX Runtime reads in place. For heap data it views the calling thread's staging
     * buffer, so it must be closed before the same thread converts another tensor.
     */
    static OnnxTensor toOrt(OrtEnvironment env, Tensor t) throws OrtException {
        ByteBuffer data = t.data();
        if (!data.isDirect()) {
            ByteBuffer staging = STAGING.get();
            if (staging.capacity() < data.remaining()) {
                staging = ByteBuffer.allocateDirect(Math.max(data.remaining(), staging.capacity() * 2));
                STAGING.set(staging);
            }
            // One bulk copy into native memory, never per element.
            data = staging.clear().order(ByteOrder.nativeOrder()).put(data).flip();
        }
        return OnnxTensor.createTensor(env, data, t.shape(), javaType(t.dtype()));
    }

    static Tensor fromOrt(OnnxTensor t) {
        TensorInfo info = t.getInfo();
        return new Tensor(dtype(info.type), info.getShape(), t.getByteBuffer());
    }

    static OnnxJavaType javaType(DType d) {
        return switch (d) {
            case FLOAT32 -> OnnxJavaType.FLOAT;
            case FLOAT64 -> OnnxJavaType.DOUBLE;
            case INT8 -> OnnxJavaType.INT8;
            case UINT8 -> OnnxJavaType.UINT8;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
        };
    }

    static DType dtype(OnnxJavaType j) {
        return switch (j) {
            case FLOAT -> DType.FLOAT32;
            case DOUBLE -> DType.FLOAT64;
            case INT8 -> DType.INT8;
            case UINT8 -> DType.UINT8;
            case INT32 -> DType.INT32;
            case INT64 -> DType.INT64;
            default -> throw new IllegalArgumentException("ONNX Runtime type " + j + " has no Coinfer dtype");
        };
    }
}
