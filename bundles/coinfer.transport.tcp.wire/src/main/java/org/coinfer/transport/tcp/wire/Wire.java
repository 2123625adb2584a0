package org.coinfer.transport.tcp.wire;

/** Constants of the Coinfer TCP framing, version 3. Header integers are big-endian. */
public final class Wire {
    /** "CINF": lets either side reject a peer that speaks something else at the first frame. */
    public static final int MAGIC = 0x43494E46;
    // 2: requests carry the model's content hash, so the edge can refuse other content.
    // 3: downlink probes (PROBE_DOWN asks for filler, PROBE_DATA carries it); the edge's fitted
    //    latency model (LAYER_MODEL_REQUEST, LAYER_MODEL_REPLY with UTF-8 JSON).
    public static final int VERSION = 3;
    /** Payload of a PROBE_DOWN frame: the filler bytes asked for, as a big-endian long. */
    public static final int PROBE_DOWN_BYTES = 8;
    /** Bytes of the fixed part of every header, before the model id, the content hash and the shape. */
    public static final int FIXED_BYTES = 45;
    // Offsets in the fixed part, for tools and tests that look at raw frames.
    public static final int VERSION_AT = 4;
    public static final int TYPE_AT = 5;
    public static final int HASH_LENGTH_AT = 34;
    public static final int DTYPE_AT = 35;
    public static final int PAYLOAD_LENGTH_AT = 37;
    /** A SHA-256 content hash travels as its 32 raw bytes (or none). */
    public static final int HASH_BYTES = 32;
    public static final int MAX_MODEL_ID_BYTES = 1024;
    public static final int MAX_RANK = 32;
    /** dtype byte of a frame that carries no tensor. */
    public static final int NO_DTYPE = 0;

    // Status codes of ERROR frames; the message carries the detail, the code lets tools sort.
    public static final int OK = 0;
    public static final int BAD_FRAME = 1;
    public static final int TOO_LARGE = 2;
    public static final int NO_EXECUTOR = 3;
    public static final int EXECUTOR_FAILED = 4;
    public static final int UNEXPECTED = 5;
    public static final int TIMED_OUT = 6;

    private Wire() {
    }
}
