package org.coinfer.backend.segments;

/**
 * An engine's start (unpacking and loading its natives), run once, when first needed. A failure
 * is kept and given again rather than retried: a JNI library that failed to load in this JVM
 * will not load on a second try. Asking whether it failed never starts it.
 *
 * @param <T> what the start gives (the engine, or {@code Boolean.TRUE} for natives loaded)
 */
public final class StartOnce<T> {
    /** Starts the engine; throws a runtime exception or a linkage error when it cannot. */
    @FunctionalInterface
    public interface Start<T> {
        T start();
    }

    private final Start<T> start;
    private volatile T value;
    private volatile Throwable failure;

    public StartOnce(Start<T> start) {
        this.start = start;
    }

    /** The started value, starting it on the first call; a failure, then and later, is thrown as it was. */
    public T get() {
        T v = value;
        if (v != null) {
            return v;
        }
        synchronized (this) {
            if (failure == null && value == null) {
                try {
                    value = start.start();
                } catch (RuntimeException | LinkageError e) {
                    failure = e;
                }
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof LinkageError e) {
                throw e;
            }
            return value;
        }
    }

    /** Whether it started; never starts it. */
    public boolean started() {
        return value != null;
    }

    /** Whether starting failed; never starts it. */
    public boolean failed() {
        return failure != null;
    }
}
