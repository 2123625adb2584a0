package org.coinfer.model;

import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;

/** Runs a segment of a model on a backend, loading it on first use. */
public final class Segments {
    private Segments() {
    }

    public static Tensor run(InferenceBackend backend, LoadedModel model, SegmentKey key, Tensor input)
            throws InferenceException {
        ensureLoaded(backend, model, key);
        return backend.infer(key, input);
    }

    public static void ensureLoaded(InferenceBackend backend, LoadedModel model, SegmentKey key)
            throws InferenceException {
        if (!backend.isLoaded(key)) {
            try {
                backend.load(key, model.segment(key));
            } catch (RuntimeException e) {
                throw new InferenceException("cannot extract segment " + key + ": " + e.getMessage(), e);
            }
        }
    }
}
