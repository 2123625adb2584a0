package org.coinfer.api;

/** Element types a tensor may hold, with their size in bytes and a stable wire code. */
public enum DType {
    FLOAT32(1, 4), UINT8(2, 1), INT8(3, 1), INT32(6, 4), INT64(7, 8), FLOAT64(11, 8);

    private final int code;
    private final int bytes;

    DType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The ONNX TensorProto element type number; also the code used on the wire. */
    public int code() {
        return code;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** The type with the given code; throws {@link IllegalArgumentException} naming the code if none. */
    public static DType ofCode(int code) {
        for (DType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported tensor element type code " + code);
    }
}
