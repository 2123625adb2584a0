package org.coinfer.backend.testkit;

import static org.junit.Assert.assertEquals;

import java.util.Map;
import java.nio.file.Path;
import org.coinfer.backend.onnxruntime.OrtBackend;
import org.coinfer.testing.ComponentConfigs;
import org.junit.Test;

/** The kit on ONNX Runtime, the reference engine: the suite's node tests pass, and split equals whole. */
public class OrtConformanceTest {
    private final OrtBackend backend = new OrtBackend(ComponentConfigs.of(OrtBackend.Config.class, Map.of()));

    @Test
    public void splitExecutionEqualsWholeOnEveryShippedModel() throws Exception {
        int compared = 0;
        for (Path model : SplitEquivalence.shippedModels()) {
            compared += SplitEquivalence.check(backend, backend, model);
        }
        System.out.println("split equivalence on onnxruntime: " + compared + " cuts of " + SplitEquivalence.shippedModels().size() + " models");
        assertEquals(true, compared > 100);
    }

    @Test
    public void passesEveryNodeTestOfTheCnnOperators() {
        NodeConformance.Report report = NodeConformance.run(backend, NodeConformance.CNN_OPERATORS);
        System.out.print(report);
        assertEquals(report.toString(), report.results().size(), report.with(NodeConformance.Status.PASSED).size());
    }
}
