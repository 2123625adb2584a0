package org.coinfer.transport.tcp.wire;

import org.coinfer.api.EdgeRefusedException;

/** The edge answered with an ERROR frame: the connection is still in step and may be reused. */
public final class EdgeError extends EdgeRefusedException {
    private static final long serialVersionUID = 1L;

    public EdgeError(String message) {
        super(message);
    }
}
