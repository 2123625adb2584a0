package org.coinfer.onnx;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coinfer.api.DType;
import org.coinfer.api.Tensor;
import org.coinfer.onnx.program.OnnxProgram;
import org.coinfer.onnx.program.Op;
import org.coinfer.onnx.program.UnsupportedOperatorException;
import org.junit.Test;

public class OnnxProgramTest {
    private static final Set<String> FOLDED = Set.of("Constant", "Identity", "Dropout", "Shape", "Gather", "Unsqueeze");

    @Test
    public void everySegmentOfEveryTorchExportLowersWithConcreteShapes() throws Exception {
        for (String name : List.of("multi_exit", "resnet", "shufflenet", "densenet", "mobilenet", "inception", "squeezenet")) {
            byte[] model = Files.readAllBytes(Path.of("src/test/resources/torch/" + name + ".onnx"));
            OnnxGraph g = OnnxGraph.parse(model, name);
            for (String exit : g.outputs()) {
                List<String> cuts = g.cutPoints(exit);
                for (int c = 1; c < cuts.size(); c++) {
                    OnnxProgram p = OnnxProgram.lower(g.extract(cuts.get(c - 1), cuts.get(c)), name + " cut " + c);
                    assertEquals(cuts.get(c - 1), p.input());
                    assertEquals(1, p.inputShape()[0]);
                    for (Op op : p.ops()) {
                        assertFalse(p + " still runs " + op, FOLDED.contains(op.opType()));
                        op.inputs().stream().filter(v -> !v.isEmpty()).forEach(v -> assertTrue(p.shape(v).length >= 0));
                        op.outputs().stream().filter(v -> !v.isEmpty()).forEach(v -> assertTrue(p.shape(v).length >= 0));
                    }
                    assertArrayEquals(g.shape(cuts.get(c)), p.shape(p.output()));
                }
            }
        }
    }

    @Test
    public void pytorchFlattenChainBecomesAReshapeByAConstant() throws Exception {
        byte[] model = Files.readAllBytes(Path.of("src/test/resources/torch/multi_exit.onnx"));
        OnnxGraph g = OnnxGraph.parse(model, "multi_exit");
        boolean seen = false;
        for (String exit : g.outputs()) {
            OnnxProgram p = OnnxProgram.lower(g.extract(g.input().name(), exit), "multi_exit");
            for (Op op : p.ops()) {
                if (op.opType().equals("Reshape")) {
                    Tensor shape = p.constants().get(op.inputs().get(1));
                    assertEquals(DType.INT64, shape.dtype());
                    assertEquals(1, shape.data().getLong(0));
                    seen = true;
                }
            }
        }
        assertTrue("the fixture's Reshape after Shape/Gather/Unsqueeze/Concat", seen);
    }

    @Test
    public void attributesAreTyped() {
        OnnxProgram p = firstExit();
        Op conv = p.ops().stream().filter(o -> o.opType().equals("Conv")).findFirst().orElseThrow();
        assertEquals(2, conv.ints("kernel_shape").length);
        assertEquals(1, conv.i("group", 1));
        try {
            conv.f("kernel_shape", 0);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'kernel_shape'") && e.getMessage().contains("expected Float"));
        }
    }

    @Test
    public void anUnsupportedOperatorIsNamedWithItsNode() {
        OnnxProgram p = firstExit();
        Op first = p.ops().get(0);
        try {
            p.requireSupported(Set.of("Relu"), "test");
            fail();
        } catch (UnsupportedOperatorException e) {
            assertEquals(first.name(), e.node());
            assertEquals("multi.onnx: node '" + first.name() + "' is a " + first.opType()
                    + ", which the test backend does not support", e.getMessage());
        }
    }

    @Test
    public void aModelWithTwoOutputsIsNotASegment() {
        int exits = OnnxGraph.parse(DemoModels.multiExitCnn(3), "multi.onnx").outputs().size();
        try {
            OnnxProgram.lower(DemoModels.multiExitCnn(3), "multi.onnx");
            fail();
        } catch (OnnxFormatException e) {
            assertEquals("multi.onnx: a segment has one output, found " + exits, e.getMessage());
        }
    }

    private static OnnxProgram firstExit() {
        OnnxGraph g = OnnxGraph.parse(DemoModels.multiExitCnn(3), "multi.onnx");
        return OnnxProgram.lower(g.extract(g.input().name(), g.outputs().get(0)), "multi.onnx");
    }

    @Test
    public void tensorsRoundTripThroughBind() {
        byte[] model = DemoModels.chain(4);
        OnnxGraph g = OnnxGraph.parse(model, "chain");
        byte[] same = OnnxTensors.bind(model, Map.of(), g.outputs().get(0), "chain");
        assertEquals(g.outputs(), OnnxTensors.outputs(same, "chain"));
        assertEquals(List.of(g.input().name()), OnnxTensors.inputs(same, "chain"));
    }
}
