package org.coinfer.transport.tcp;

import java.io.IOException;

/**
 * A frame broke the protocol. {@link #skip} tells the reader how to stay in step: the payload
 * bytes still to discard when the header was whole and only its content was wrong, or -1 when
 * the stream can no longer be trusted and the connection must close.
 */
final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    final int status;
    final long requestId;
    final long skip;

    private ProtocolException(String message, int status, long requestId, long skip) {
        super(message);
        this.status = status;
        this.requestId = requestId;
        this.skip = skip;
    }

    static ProtocolException inSync(String message, int status, long requestId, long payloadToSkip) {
        return new ProtocolException(message, status, requestId, payloadToSkip);
    }

    static ProtocolException outOfSync(String message, int status, long requestId) {
        return new ProtocolException(message, status, requestId, -1);
    }

    boolean inSync() {
        return skip >= 0;
    }
}
