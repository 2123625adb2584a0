package org.coinfer.backend.tensorflow.internal;

import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import org.coinfer.api.InferenceException;
import org.coinfer.backend.testkit.SplitEquivalence;
import org.junit.Test;

/**
 * Split execution on TensorFlow (prefix, then suffix) against ONNX Runtime's whole execution, for
 * every cut of every exit of the shipped B-AlexNet and the committed PyTorch exports.
 */
public class TfSplitEquivalenceTest {
    @Test
    public void everyCutOfEveryExitMatchesOnnxRuntime() throws InferenceException {
        TfBackend tf = Backends.tensorflow();
        try {
            for (Path model : SplitEquivalence.shippedModels()) {
                long start = System.nanoTime();
                int compared = SplitEquivalence.check(tf, Backends.onnxRuntime(), model);
                System.out.printf("%s: %d split executions equal ONNX Runtime's within %s (%d ms)%n", model.getFileName(),
                        compared, SplitEquivalence.TOLERANCE, (System.nanoTime() - start) / 1_000_000);
                assertTrue(model + " has cuts", compared > 0);
            }
        } finally {
            tf.deactivate();
        }
    }
}
