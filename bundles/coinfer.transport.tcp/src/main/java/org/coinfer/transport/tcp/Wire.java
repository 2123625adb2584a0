package org.coinfer.transport.tcp;

/** Constants of the Coinfer TCP framing, version 1. Header integers are big-endian. */
final class Wire {
    /** "CINF": lets either side reject a peer that speaks something else at the first frame. */
    static final int MAGIC = 0x43494E46;
    static final int VERSION = 1;
    /** Bytes of the fixed part of every header, before the model id and the shape. */
    static final int FIXED_BYTES = 44;
    static final int MAX_MODEL_ID_BYTES = 1024;
    static final int MAX_RANK = 32;
    /** dtype byte of a frame that carries no tensor. */
    static final int NO_DTYPE = 0;

    // Status codes of ERROR frames; the message carries the detail, the code lets tools sort.
    static final int OK = 0;
    static final int BAD_FRAME = 1;
    static final int TOO_LARGE = 2;
    static final int NO_EXECUTOR = 3;
    static final int EXECUTOR_FAILED = 4;
    static final int UNEXPECTED = 5;
    static final int TIMED_OUT = 6;

    private Wire() {
    }
}
