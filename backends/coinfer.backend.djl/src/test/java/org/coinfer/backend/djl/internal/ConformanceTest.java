package org.coinfer.backend.djl.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.coinfer.backend.testkit.NodeConformance;
import org.junit.Test;

/** ONNX's own node tests for the operators every backend runs. */
public class ConformanceTest {
    @Test
    public void passesOrRefusesAtLoadEveryNodeTestOfTheCnnOperators() {
        Set<String> ops = new HashSet<>(NodeConformance.CNN_OPERATORS);
        ops.addAll(Set.of("Sub", "Div", "Sigmoid", "Tanh", "Squeeze", "GlobalMaxPool"));
        NodeConformance.Report report = NodeConformance.run(Backends.DJL, ops);
        System.out.print(report);
        assertEquals(report.toString(), java.util.List.of(), report.with(NodeConformance.Status.FAILED));
        assertTrue(report.toString(), report.with(NodeConformance.Status.PASSED).size() > 150);
    }
}
