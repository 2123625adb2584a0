package org.coinfer.onnx.internal;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.coinfer.api.DType;
import org.coinfer.api.Tensor;

/** Conversions from ONNX's protobuf values to Coinfer's engine-neutral ones. */
public final class TensorProtos {
    private TensorProtos() {
    }

    /** The tensor's elements as a {@link Tensor}; {@link GraphModel.Invalid} names what cannot be read. */
    public static Tensor toTensor(TensorProto t) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new GraphModel.Invalid("tensor '" + t.getName() + "' keeps its data in an external file, which is not supported");
        }
        DType type;
        try {
            type = DType.ofCode(t.getDataType());
        } catch (IllegalArgumentException e) {
            throw new GraphModel.Invalid("tensor '" + t.getName() + "' has element type " + t.getDataType()
                    + ", expected one of float, uint8, int8, int32, int64, double");
        }
        long[] dims = Protos.dims(t);
        int count = Math.toIntExact(Protos.elementCount(t));
        ByteBuffer out = ByteBuffer.allocate(count * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        if (!t.getRawData().isEmpty()) {
            if (t.getRawData().size() != out.capacity()) {
                throw new GraphModel.Invalid("tensor '" + t.getName() + "' holds " + t.getRawData().size()
                        + " bytes, expected " + out.capacity());
            }
            out.put(t.getRawData().asReadOnlyByteBuffer());
        } else {
            int found = switch (type) {
                case FLOAT32 -> t.getFloatDataCount();
                case FLOAT64 -> t.getDoubleDataCount();
                case INT64 -> t.getInt64DataCount();
                default -> t.getInt32DataCount();
            };
            if (found != count) {
                throw new GraphModel.Invalid("tensor '" + t.getName() + "' holds " + found + " elements, expected " + count);
            }
            for (int i = 0; i < count; i++) {
                switch (type) {
                    case FLOAT32 -> out.putFloat(t.getFloatData(i));
                    case FLOAT64 -> out.putDouble(t.getDoubleData(i));
                    case INT64 -> out.putLong(t.getInt64Data(i));
                    case INT32 -> out.putInt(t.getInt32Data(i));
                    default -> out.put((byte) t.getInt32Data(i));
                }
            }
        }
        return new Tensor(type, dims, out.flip());
    }

    /** Integers folded at shape inference, as a tensor of the value's integer type. */
    public static Tensor ofLongs(long[] shape, long[] values, int elemType) {
        boolean int32 = elemType == Protos.INT32;
        ByteBuffer b = ByteBuffer.allocate(values.length * (int32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            if (int32) {
                b.putInt(Math.toIntExact(v));
            } else {
                b.putLong(v);
            }
        }
        return new Tensor(int32 ? DType.INT32 : DType.INT64, shape, b.flip());
    }

    /** A node's attributes as plain Java values: Long, Float, String, long[], float[] or Tensor. */
    public static Map<String, Object> attributes(NodeProto n) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (AttributeProto a : n.getAttributeList()) {
            Object v = switch (a.getType()) {
                case INT -> a.getI();
                case FLOAT -> a.getF();
                case STRING -> a.getS().toStringUtf8();
                case INTS -> a.getIntsList().stream().mapToLong(Long::longValue).toArray();
                case FLOATS -> floats(a);
                case TENSOR -> toTensor(a.getT());
                default -> null; // graphs, sparse tensors, strings lists: no supported operator reads them
            };
            if (v != null) {
                out.put(a.getName(), v);
            }
        }
        return out;
    }

    private static float[] floats(AttributeProto a) {
        float[] f = new float[a.getFloatsCount()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.getFloats(i);
        }
        return f;
    }
}
