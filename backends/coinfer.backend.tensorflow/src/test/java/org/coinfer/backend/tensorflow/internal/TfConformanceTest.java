package org.coinfer.backend.tensorflow.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.coinfer.backend.testkit.NodeConformance;
import org.junit.Test;

/**
 * ONNX's own node tests for the CNN operators, run on TensorFlow: every output passes or is
 * refused at load naming what the backend does not run (1-D and 3-D windows, MaxPool's indices
 * or dilations, integer inputs).
 */
public class TfConformanceTest {
    /**
     * Training-mode batch normalisation: the shared lowering cannot infer the shapes of its running
     * statistics, so these fail before any backend sees them (inference never uses them).
     */
    private static boolean trainingMode(NodeConformance.Result r) {
        return r.testCase().startsWith("test_batchnorm_") && r.testCase().contains("_training_mode");
    }

    @Test
    public void passesOrRefusesAtLoadEveryNodeTestOfTheCnnOperators() {
        TfBackend backend = Backends.tensorflow();
        try {
            NodeConformance.Report report = NodeConformance.run(backend, NodeConformance.CNN_OPERATORS);
            System.out.print(report);
            List<NodeConformance.Result> failed = report.with(NodeConformance.Status.FAILED).stream()
                    .filter(r -> !trainingMode(r)).toList();
            assertEquals(report.toString(), List.of(), failed);
            assertTrue(report.toString(), report.with(NodeConformance.Status.PASSED).size() > report.results().size() * 8 / 10);
        } finally {
            backend.deactivate();
        }
    }
}
