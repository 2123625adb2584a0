package org.coinfer.transport.tcp.wire;

import java.io.IOException;

/**
 * A frame broke the protocol. {@link #skip} tells the reader how to stay in step: the payload
 * bytes still to discard when the header was whole and only its content was wrong, or -1 when
 * the stream can no longer be trusted and the connection must close.
 */
public final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public final int status;
    public final long requestId;
    public final long skip;

    private ProtocolException(String message, int status, long requestId, long skip) {
        super(message);
        this.status = status;
        this.requestId = requestId;
        this.skip = skip;
    }

    public static ProtocolException inSync(String message, int status, long requestId, long payloadToSkip) {
        return new ProtocolException(message, status, requestId, payloadToSkip);
    }

    public static ProtocolException outOfSync(String message, int status, long requestId) {
        return new ProtocolException(message, status, requestId, -1);
    }

    public boolean inSync() {
        return skip >= 0;
    }
}
