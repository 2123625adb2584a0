package org.coinfer.backend.tensorflow.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.backend.onnxruntime.OrtBackend;
import org.coinfer.backend.testkit.SplitEquivalence;
import org.coinfer.onnx.OnnxGraph;
import org.coinfer.testing.ComponentConfigs;

/** The backend under test and ONNX Runtime, the reference, side by side. */
final class Backends {
    static final float TOLERANCE = 1e-4f;

    private Backends() {
    }

    static TfBackend tensorflow() {
        return tensorflow(Map.of());
    }

    static TfBackend tensorflow(Map<String, Object> config) {
        return new TfBackend(ComponentConfigs.of(TfBackend.Config.class, config),
                System.getProperty(org.coinfer.engine.tensorflow.TensorFlowNatives.FOLDER_PROPERTY));
    }

    static OrtBackend onnxRuntime() {
        return new OrtBackend(ComponentConfigs.of(OrtBackend.Config.class, Map.of()));
    }

    /** A seeded input of the model's input shape (batch 1). */
    static Tensor input(byte[] model, long seed) {
        return SplitEquivalence.input(OnnxGraph.parse(model, "model"), seed);
    }

    static Tensor run(InferenceBackend b, byte[] model, Tensor in) throws InferenceException {
        SegmentKey key = new SegmentKey("test", 0, 0, 1);
        b.load(key, model);
        try {
            return b.infer(key, in);
        } finally {
            b.unload(key);
        }
    }

    /** Runs the model on both engines and asserts the same output within {@link #TOLERANCE}. */
    static void assertSameAsOnnxRuntime(InferenceBackend tf, InferenceBackend ort, byte[] model) throws InferenceException {
        Tensor in = input(model, 42);
        Tensor expected = run(ort, model, in);
        Tensor got = run(tf, model, in);
        assertArrayEquals("shape", expected.shape(), got.shape());
        double d = got.maxAbsDifference(expected);
        assertTrue("differs from ONNX Runtime by " + d, d <= TOLERANCE);
    }
}
