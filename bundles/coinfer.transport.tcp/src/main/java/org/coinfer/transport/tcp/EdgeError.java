package org.coinfer.transport.tcp;

import org.coinfer.api.EdgeRefusedException;

/** The edge answered with an ERROR frame: the connection is still in step and may be reused. */
final class EdgeError extends EdgeRefusedException {
    private static final long serialVersionUID = 1L;

    EdgeError(String message) {
        super(message);
    }
}
