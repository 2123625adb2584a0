package org.coinfer.predictor.regression.internal;

import java.util.concurrent.atomic.AtomicInteger;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;

/** A real backend that counts its runs and whose engine name a test can change, as the device emulation's factor does. */
final class CountingBackend implements InferenceBackend {
    final AtomicInteger runs = new AtomicInteger();
    private final InferenceBackend backend;
    volatile String engine;

    CountingBackend(InferenceBackend backend, String engine) {
        this.backend = backend;
        this.engine = engine;
    }

    @Override
    public String engine() {
        return engine;
    }

    @Override
    public boolean isReady() {
        return backend.isReady();
    }

    @Override
    public void load(SegmentKey key, byte[] onnxModel) throws InferenceException {
        backend.load(key, onnxModel);
    }

    @Override
    public boolean isLoaded(SegmentKey key) {
        return backend.isLoaded(key);
    }

    @Override
    public Tensor infer(SegmentKey key, Tensor input) throws InferenceException {
        runs.incrementAndGet();
        return backend.infer(key, input);
    }

    @Override
    public void unload(SegmentKey key) {
        backend.unload(key);
    }
}
