package org.coinfer.transport.tcp.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.coinfer.api.DType;

/**
 * Encodes and decodes frame headers. Decoding is split in two so the reader knows how many
 * variable bytes (model id, shape) to read after the fixed part, and so it can tell errors that
 * leave the stream in step (bad content) from those that do not (bad magic, version, length).
 */
public final class FrameCodec {

    /** The fixed part of a header, checked only as far as needed to read the rest safely. */
    public record Prefix(int typeCode, int status, long requestId, long edgeNanos, int exit, int cut,
                  int modelIdBytes, int hashBytes, int dtypeCode, int rank, long payloadLength) {
        int variableBytes() {
            return modelIdBytes + hashBytes + 8 * rank;
        }
    }

    private FrameCodec() {
    }

    /** The whole header as one big-endian buffer, ready to be written before the payload. */
    public static ByteBuffer encode(FrameHeader h) {
        byte[] id = h.modelId().getBytes(StandardCharsets.UTF_8);
        byte[] hash = h.contentHash().isEmpty() ? new byte[0] : HexFormat.of().parseHex(h.contentHash());
        if (hash.length != 0 && hash.length != Wire.HASH_BYTES) {
            throw new IllegalArgumentException("content hash '" + h.contentHash() + "' is not a SHA-256 in hex");
        }
        long[] shape = h.shape();
        if (id.length > Wire.MAX_MODEL_ID_BYTES) {
            throw new IllegalArgumentException("model id of " + id.length + " bytes exceeds the maximum " + Wire.MAX_MODEL_ID_BYTES);
        }
        if (shape.length > Wire.MAX_RANK) {
            throw new IllegalArgumentException("tensor rank " + shape.length + " exceeds the maximum " + Wire.MAX_RANK);
        }
        ByteBuffer b = ByteBuffer.allocate(Wire.FIXED_BYTES + id.length + hash.length + 8 * shape.length);
        b.putInt(Wire.MAGIC).put((byte) Wire.VERSION).put((byte) h.type().code).putShort((short) h.status())
                .putLong(h.requestId()).putLong(h.edgeNanos()).putInt(h.exit()).putInt(h.cut())
                .putShort((short) id.length).put((byte) hash.length).put((byte) h.dtypeCode()).put((byte) shape.length)
                .putLong(h.payloadLength()).put(id).put(hash);
        for (long d : shape) {
            b.putLong(d);
        }
        return b.flip();
    }

    /** Reads the fixed part; every failure here leaves the stream out of step. */
    public static Prefix decodePrefix(ByteBuffer b, long maxPayload) throws ProtocolException {
        int magic = b.getInt();
        if (magic != Wire.MAGIC) {
            throw ProtocolException.outOfSync(String.format("bad frame magic 0x%08X, expected 0x%08X", magic, Wire.MAGIC),
                    Wire.BAD_FRAME, 0);
        }
        int version = b.get() & 0xFF;
        if (version != Wire.VERSION) {
            throw ProtocolException.outOfSync("unsupported protocol version " + version + ", this side speaks " + Wire.VERSION,
                    Wire.BAD_FRAME, 0);
        }
        Prefix p = new Prefix(b.get() & 0xFF, b.getShort() & 0xFFFF, b.getLong(), b.getLong(), b.getInt(), b.getInt(),
                b.getShort() & 0xFFFF, b.get() & 0xFF, b.get() & 0xFF, b.get() & 0xFF, b.getLong());
        if (p.payloadLength < 0) {
            throw ProtocolException.outOfSync("negative frame payload length " + p.payloadLength, Wire.BAD_FRAME, p.requestId);
        }
        if (p.payloadLength > maxPayload) {
            // Refuse to read (or drain) it: the length may be garbage and the sender may be hostile.
            throw ProtocolException.outOfSync("frame payload " + p.payloadLength + " bytes exceeds the maximum " + maxPayload,
                    Wire.TOO_LARGE, p.requestId);
        }
        return p;
    }

    /** Completes a header from its variable part; failures here leave the stream in step. */
    public static FrameHeader decodeRest(Prefix p, ByteBuffer var) throws ProtocolException {
        byte[] id = new byte[p.modelIdBytes];
        var.get(id);
        byte[] hash = new byte[p.hashBytes];
        var.get(hash);
        long[] shape = new long[p.rank];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = var.getLong();
        }
        FrameType type = FrameType.of(p.typeCode);
        if (type == null) {
            throw bad(p, "unknown frame type " + p.typeCode);
        }
        if (p.modelIdBytes > Wire.MAX_MODEL_ID_BYTES) {
            throw bad(p, "model id of " + p.modelIdBytes + " bytes exceeds the maximum " + Wire.MAX_MODEL_ID_BYTES);
        }
        if (hash.length != 0 && hash.length != Wire.HASH_BYTES) {
            throw bad(p, "content hash of " + hash.length + " bytes, expected " + Wire.HASH_BYTES + " (SHA-256) or none");
        }
        if (p.rank > Wire.MAX_RANK) {
            throw bad(p, "tensor rank " + p.rank + " exceeds the maximum " + Wire.MAX_RANK);
        }
        if (type.carriesTensor()) {
            checkTensor(p, type, shape);
        }
        return new FrameHeader(type, p.status, p.requestId, p.edgeNanos, new String(id, StandardCharsets.UTF_8),
                HexFormat.of().formatHex(hash), p.exit, p.cut, p.dtypeCode, shape, p.payloadLength);
    }

    private static void checkTensor(Prefix p, FrameType type, long[] shape) throws ProtocolException {
        if (p.dtypeCode == Wire.NO_DTYPE) {
            throw bad(p, type + " frame carries no tensor element type");
        }
        DType dtype;
        try {
            dtype = DType.ofCode(p.dtypeCode);
        } catch (IllegalArgumentException e) {
            throw bad(p, e.getMessage());
        }
        long bytes = dtype.bytes();
        for (long d : shape) {
            if (d < 0) {
                throw bad(p, "tensor shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            bytes = d == 0 ? 0 : (bytes > Long.MAX_VALUE / d ? -1 : bytes * d);
            if (bytes < 0) {
                throw bad(p, "tensor shape " + Arrays.toString(shape) + " is too large");
            }
        }
        if (bytes != p.payloadLength) {
            throw bad(p, "tensor " + dtype + Arrays.toString(shape) + " needs " + bytes + " bytes, frame payload has "
                    + p.payloadLength);
        }
    }

    private static ProtocolException bad(Prefix p, String message) {
        return ProtocolException.inSync(message, Wire.BAD_FRAME, p.requestId, p.payloadLength);
    }
}
