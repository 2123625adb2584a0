package org.coinfer.backend.djl.internal;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.coinfer.backend.testkit.SplitEquivalence;
import org.coinfer.onnx.DemoModels;
import org.junit.Test;

/**
 * Every cut of every exit: the prefix and then the suffix on DJL equal ONNX Runtime's whole
 * execution, on the shipped B-AlexNet, the committed PyTorch exports and the demo models.
 */
public class SplitExecutionTest {
    @Test
    public void shippedModelsSplitAnywhereMatchOnnxRuntime() throws Exception {
        int compared = 0;
        for (Path model : SplitEquivalence.shippedModels()) {
            compared += SplitEquivalence.check(Backends.DJL, Backends.ORT, model);
        }
        assertTrue("compared " + compared, compared > 50);
    }

    @Test
    public void demoModelsSplitAnywhereMatchOnnxRuntime() throws Exception {
        Path dir = Files.createTempDirectory("demo");
        for (var m : java.util.Map.of("multi_exit.onnx", DemoModels.multiExitCnn(3), "chain.onnx", DemoModels.chain(4),
                "residual.onnx", DemoModels.residualConcat(5)).entrySet()) {
            Path p = Files.write(dir.resolve(m.getKey()), m.getValue());
            assertTrue(m.getKey(), SplitEquivalence.check(Backends.DJL, Backends.ORT, p) > 0);
        }
    }
}
