package org.coinfer.transport.tcp.wire;

import java.util.Arrays;
import org.coinfer.api.DType;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.Tensor;

/**
 * Everything of a frame but its payload. Fields a frame type does not use are zero (or empty).
 *
 * @param edgeNanos edge compute time, set on INFER_REPLY
 * @param contentHash the model content a request was planned for (SHA-256, hex), or empty
 * @param dtypeCode {@link DType#code()} of the tensor payload, or {@link Wire#NO_DTYPE}
 * @param payloadLength bytes that follow the header
 */
public record FrameHeader(FrameType type, int status, long requestId, long edgeNanos, String modelId, String contentHash,
                   int exit, int cut, int dtypeCode, long[] shape, long payloadLength) {

    private static final long[] NO_SHAPE = {};

    /** A frame with an id and an opaque payload (ping, probe, acks, errors, profiles). */
    public static FrameHeader plain(FrameType type, long requestId, String modelId, long payloadLength) {
        return new FrameHeader(type, Wire.OK, requestId, 0, modelId, "", 0, 0, Wire.NO_DTYPE, NO_SHAPE, payloadLength);
    }

    public static FrameHeader error(long requestId, int status, long messageBytes) {
        return new FrameHeader(FrameType.ERROR, status, requestId, 0, "", "", 0, 0, Wire.NO_DTYPE, NO_SHAPE, messageBytes);
    }

    public static FrameHeader inferRequest(InferenceRequest r) {
        Tensor t = r.tensor();
        return new FrameHeader(FrameType.INFER_REQUEST, Wire.OK, r.id(), 0, r.modelId(), r.contentHash(), r.exit(), r.cut(),
                t.dtype().code(), t.shape(), t.byteSize());
    }

    public static FrameHeader inferReply(long requestId, long edgeNanos, Tensor t) {
        return new FrameHeader(FrameType.INFER_REPLY, Wire.OK, requestId, edgeNanos, "", "", 0, 0,
                t.dtype().code(), t.shape(), t.byteSize());
    }

    /** The request this INFER_REQUEST header and its tensor payload make. */
    public InferenceRequest request(Tensor t) {
        return new InferenceRequest(requestId, modelId, contentHash, exit, cut, t);
    }

    /** The tensor's element type; only call once the decoder has accepted the code. */
    public DType dtype() {
        return DType.ofCode(dtypeCode);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public String toString() {
        return type + "#" + requestId + (dtypeCode == Wire.NO_DTYPE ? "" : " " + dtypeCode + Arrays.toString(shape))
                + " payload " + payloadLength;
    }
}
