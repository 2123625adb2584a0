package org.coinfer.backend.tensorflow.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.coinfer.backend.testkit.NodeConformance;
import org.junit.Test;

/**
 * ONNX's own node tests for the CNN operators, run on TensorFlow: every output passes or is
 * refused at load naming what the backend does not run (1-D and 3-D windows, MaxPool's indices
 * or dilations, integer inputs, batch normalisation's training mode).
 */
public class TfConformanceTest {
    @Test
    public void passesOrRefusesAtLoadEveryNodeTestOfTheCnnOperators() {
        TfBackend backend = Backends.tensorflow();
        try {
            NodeConformance.Report report = NodeConformance.run(backend, NodeConformance.CNN_OPERATORS);
            System.out.print(report);
            assertEquals(report.toString(), List.of(), report.with(NodeConformance.Status.FAILED));
            assertTrue(report.toString(), report.with(NodeConformance.Status.PASSED).size() > report.results().size() * 8 / 10);
        } finally {
            backend.deactivate();
        }
    }
}
