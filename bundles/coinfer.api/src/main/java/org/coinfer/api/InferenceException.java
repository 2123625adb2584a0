package org.coinfer.api;

/** A segment could not be loaded or run; the message says which segment and why. */
public class InferenceException extends Exception {
    private static final long serialVersionUID = 1L;

    public InferenceException(String message) {
        super(message);
    }

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
