package org.coinfer.backend.segments;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;

/**
 * An engine's loaded segments, each kept with the model bytes it was built from so that a
 * reconfiguration can build it again. Requests share the segments (a read lock); loading,
 * rebuilding and unloading replace or close them (the write lock), so no request runs on a
 * segment being closed. A segment is built before the write lock is taken, so loading one does
 * not hold up requests on the others.
 *
 * @param <S> an engine's compiled segment (a session, a graph, a plan)
 */
public final class SegmentTable<S extends AutoCloseable> {
    /** Builds a segment from its serialized ONNX model. */
    @FunctionalInterface
    public interface Builder<S> {
        S build(SegmentKey key, byte[] model) throws InferenceException;
    }

    /** Runs a loaded segment. */
    @FunctionalInterface
    public interface Runner<S> {
        Tensor run(S segment) throws InferenceException;
    }

    private record Entry<S extends AutoCloseable>(byte[] model, S segment) {
    }

    private final Map<SegmentKey, Entry<S>> entries = new ConcurrentHashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    /** Builds the segment and puts it in place of any loaded under the same key. */
    public void load(SegmentKey key, byte[] model, Builder<S> builder) throws InferenceException {
        S built = builder.build(key, model);
        lock.writeLock().lock();
        try {
            close(entries.put(key, new Entry<>(model, built)));
        } finally {
            lock.writeLock().unlock();
        }
    }

    public boolean isLoaded(SegmentKey key) {
        return entries.containsKey(key);
    }

    /** Runs a loaded segment; one that is not loaded is an error naming it. */
    public Tensor run(SegmentKey key, Runner<S> runner) throws InferenceException {
        lock.readLock().lock();
        try {
            Entry<S> e = entries.get(key);
            if (e == null) {
                throw new InferenceException("segment " + key + " is not loaded");
            }
            return runner.run(e.segment());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Builds every loaded segment again (new settings), with requests held off meanwhile. */
    public void rebuild(Builder<S> builder) throws InferenceException {
        lock.writeLock().lock();
        try {
            for (Map.Entry<SegmentKey, Entry<S>> e : entries.entrySet()) {
                byte[] model = e.getValue().model();
                close(entries.put(e.getKey(), new Entry<>(model, builder.build(e.getKey(), model))));
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Closes a segment; does nothing if it is not loaded. */
    public void unload(SegmentKey key) {
        lock.writeLock().lock();
        try {
            close(entries.remove(key));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Closes every segment, as a backend does when it is deactivated. */
    public void clear() {
        entries.keySet().forEach(this::unload);
    }

    private static void close(Entry<? extends AutoCloseable> e) {
        if (e != null) {
            try {
                e.segment().close();
            } catch (Exception ignored) {
                // The segment is dropped either way; nothing else holds it.
            }
        }
    }
}
