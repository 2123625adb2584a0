package org.coinfer.onnx;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.Test;

public class ErrorsTest {
    @Test
    public void bytesThatAreNotOnnx() {
        expect("notes.txt", "not an ONNX model", "This is plainly not a model.\n".getBytes(StandardCharsets.UTF_8));
        expect("empty.onnx", "not an ONNX model", new byte[0]);
    }

    @Test
    public void truncatedFile() {
        byte[] model = DemoModels.multiExitCnn(1);
        expect("cut.onnx", "truncated", Arrays.copyOf(model, model.length / 2));
    }

    @Test
    public void modelWithoutGraph() {
        byte[] model = ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).build().toByteArray();
        expect("nograph.onnx", "no graph", model);
    }

    @Test
    public void modelWithTwoInputs() throws Exception {
        ModelProto m = ModelProto.parseFrom(DemoModels.chain(1));
        var g = m.getGraph().toBuilder().addInput(m.getGraph().getInput(0).toBuilder().setName("second"));
        expect("two.onnx", "more than one non-initializer input: [input, second]", m.toBuilder().setGraph(g).build().toByteArray());
    }

    @Test
    public void unsupportedInputType() throws Exception {
        ModelProto m = ModelProto.parseFrom(DemoModels.chain(1));
        var in = m.getGraph().getInput(0).toBuilder();
        in.getTypeBuilder().getTensorTypeBuilder().setElemType(10);
        var g = m.getGraph().toBuilder().setInput(0, in);
        expect("half.onnx", "element type code 10", m.toBuilder().setGraph(g).build().toByteArray());
    }

    @Test
    public void missingFile() {
        try {
            OnnxGraph.read(Path.of("/nonexistent/model.onnx"));
            fail();
        } catch (OnnxFormatException e) {
            assertEquals("/nonexistent/model.onnx", e.source());
            assertTrue(e.getMessage(), e.getMessage().startsWith("/nonexistent/model.onnx: cannot read"));
        }
    }

    @Test
    public void cutPointsOfUnknownOutput() {
        OnnxGraph g = OnnxGraph.parse(DemoModels.chain(1), "chain.onnx");
        try {
            g.cutPoints("nope");
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("chain.onnx: no tensor named 'nope' (outputs: [out])", e.getMessage());
        }
    }

    private static void expect(String source, String reason, byte[] bytes) {
        try {
            OnnxGraph.parse(bytes, source);
            fail("accepted " + source);
        } catch (OnnxFormatException e) {
            assertEquals(source, e.source());
            assertTrue(e.getMessage(), e.getMessage().startsWith(source + ": ") && e.getMessage().contains(reason));
            assertEquals(e.getMessage(), 1, e.getMessage().lines().count());
        }
    }
}
