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

    static OnnxTensor toOrt(OrtEnvironment env, Tensor t) throws OrtException {
        ByteBuffer data = t.data();
        if (!data.isDirect()) {
            // ONNX Runtime reads from native memory; one bulk copy, never per element.
            data = ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder()).put(data).flip();
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
