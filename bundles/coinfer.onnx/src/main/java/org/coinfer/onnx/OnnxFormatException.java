package org.coinfer.onnx;

/**
 * A model that cannot be read: not ONNX, truncated, without a graph, with more than one
 * non-initializer input, and so on. The message is one line, {@code "<source>: <reason>"}.
 */
public class OnnxFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final String reason;

    public OnnxFormatException(String source, String reason) {
        super(source + ": " + reason);
        this.source = source;
        this.reason = reason;
    }

    /** Where the model came from, usually a file name. */
    public String source() {
        return source;
    }

    /** Why it was rejected, without the source. */
    public String reason() {
        return reason;
    }
}
