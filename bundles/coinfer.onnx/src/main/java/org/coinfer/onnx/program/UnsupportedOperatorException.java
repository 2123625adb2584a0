package org.coinfer.onnx.program;

/** A segment holds an operator an engine cannot run; raised when the segment is loaded. */
public final class UnsupportedOperatorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String node;
    private final String opType;

    public UnsupportedOperatorException(String source, String node, String opType, String engine) {
        super(source + ": node '" + node + "' is a " + opType + ", which the " + engine + " backend does not support");
        this.node = node;
        this.opType = opType;
    }

    /** An operator whose {@code feature} (an attribute value, an input kind) the engine does not implement. */
    public UnsupportedOperatorException(String source, Op op, String feature, String engine) {
        super(source + ": node '" + op.name() + "' is a " + op.opType() + " with " + feature + ", which the " + engine
                + " backend does not support");
        this.node = op.name();
        this.opType = op.opType();
    }

    public String node() {
        return node;
    }

    public String opType() {
        return opType;
    }
}
