package org.coinfer.api;

/**
 * The edge was reached and answered, but refused the request (unknown model, other model
 * content, a cut that does not fit...): retrying the same request will not help until the
 * edge changes.
 */
public class EdgeRefusedException extends TransportException {
    private static final long serialVersionUID = 1L;

    public EdgeRefusedException(String message) {
        super(message);
    }
}
