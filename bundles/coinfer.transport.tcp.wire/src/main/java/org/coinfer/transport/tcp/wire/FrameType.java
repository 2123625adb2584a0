package org.coinfer.transport.tcp.wire;

/** Kinds of frame, with their byte on the wire. Requests are odd, their replies even. */
public enum FrameType {
    INFER_REQUEST(1), INFER_REPLY(2), PING(3), PONG(4), PROBE(5), PROBE_ACK(6),
    PROFILE_REQUEST(7), PROFILE_REPLY(8), PROBE_DOWN(9), PROBE_DATA(10),
    LAYER_MODEL_REQUEST(11), LAYER_MODEL_REPLY(12), ERROR(15);

    public final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The type with this code, or null so the caller can report the code it did not know. */
    public static FrameType of(int code) {
        for (FrameType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    public boolean carriesTensor() {
        return this == INFER_REQUEST || this == INFER_REPLY;
    }
}
