package org.coinfer.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs model segments on this host. A segment is a standalone ONNX model with one input (the
 * tensor at its first cut) and one output (the tensor at its last cut). Backends keep loaded
 * segments until they are unloaded, so a request pays no load cost.
 */
@ProviderType
public interface InferenceBackend {
    /** Service property naming the engine, e.g. {@code onnxruntime}. */
    String ENGINE = "coinfer.engine";

    /**
     * Target filter of the container's backend: what the engine selection registers (and a
     * device emulation over it), never an engine itself, so that what runs is what the
     * configuration chose, and no engine starts its natives unasked.
     */
    String SELECTED = "(!(" + ENGINE + "=*))";

    /** The engine's name, equal to its {@value #ENGINE} service property. */
    String engine();

    /** Whether the engine can load and run segments now. */
    boolean isReady();

    /** Loads (or replaces) a segment from its serialized ONNX model. */
    void load(SegmentKey key, byte[] onnxModel) throws InferenceException;

    boolean isLoaded(SegmentKey key);

    /** Runs a loaded segment on one input tensor and returns its output tensor. */
    Tensor infer(SegmentKey key, Tensor input) throws InferenceException;

    /** Releases a segment; does nothing if it is not loaded. */
    void unload(SegmentKey key);
}
