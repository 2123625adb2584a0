package org.coinfer.transport.tcp;

import org.coinfer.api.TransportException;

/** The edge answered with an ERROR frame: the connection is still in step and may be reused. */
final class EdgeError extends TransportException {
    private static final long serialVersionUID = 1L;

    EdgeError(String message) {
        super(message);
    }
}
