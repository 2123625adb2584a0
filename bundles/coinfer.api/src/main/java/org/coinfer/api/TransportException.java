package org.coinfer.api;

import java.io.IOException;

/** The edge could not be reached, timed out, or refused a request; the message says which. */
public class TransportException extends IOException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
