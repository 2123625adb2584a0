package org.coinfer.backend.onnxruntime;

import static org.junit.Assert.assertEquals;

import java.util.Map;
import org.coinfer.backend.testkit.NodeConformance;
import org.coinfer.testing.ComponentConfigs;
import org.junit.Test;

/** ONNX Runtime, the reference engine, on ONNX's own node tests for the operators every backend runs. */
public class OrtConformanceTest {
    @Test
    public void passesEveryNodeTestOfTheCnnOperators() {
        OrtBackend backend = new OrtBackend(ComponentConfigs.of(OrtBackend.Config.class, Map.of()));
        NodeConformance.Report report = NodeConformance.run(backend, NodeConformance.CNN_OPERATORS);
        System.out.print(report);
        assertEquals(report.toString(), report.results().size(), report.with(NodeConformance.Status.PASSED).size());
    }
}
