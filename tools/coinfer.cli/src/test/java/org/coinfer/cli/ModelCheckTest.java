package org.coinfer.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.coinfer.onnx.DemoModels;
import org.coinfer.onnx.OnnxModelBuilder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ModelCheckTest {
    @Rule
    public TemporaryFolder dir = new TemporaryFolder();

    @Rule
    public Console console = new Console();

    private Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.getRoot().toPath().resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    public void multiExitModelSplitsEqualWholeAtEveryCut() throws Exception {
        Path model = write("demo.onnx", DemoModels.multiExitCnn(5));
        assertEquals(0, Main.run("model", "check", model.toString(), "--json"));
        String json = console.out().trim();
        assertTrue(json, json.startsWith("{\"exits\":[{\"output\":\"exit1\",\"cuts\":[\"input\","));
        assertEquals(json, 5, json.split("\"output\"").length - 1);
        assertTrue(json, json.matches(".*\\],\"maxAbsDiff\":[0-9.eE+-]+\\}$"));
    }

    @Test
    public void residualConcatDagCutsBetweenBlocksOnly() throws Exception {
        Path model = write("dag.onnx", DemoModels.residualConcat(3));
        assertEquals(0, Main.run("model", "check", model.toString()));
        String text = console.out();
        assertTrue(text, text.contains("cuts: input, conv1, relu1, add1, relu3, concat1,"));
        assertTrue(text, text.contains("(ok, tolerance 1e-04)"));
    }

    @Test
    public void tensorflowAndDjlSplitsEqualOnnxRuntimesWhole() throws Exception {
        Path model = write("demo.onnx", DemoModels.multiExitCnn(5));
        for (String engine : List.of("tensorflow", "djl")) {
            assertEquals(engine, 0, Main.run("model", "check", model.toString(), "--backend", engine));
            assertTrue(console.out(), console.out().contains("split on " + engine + " against whole on onnxruntime: max abs diff "));
        }
    }

    @Test
    public void anUnknownBackendIsNamedWithTheKnownOnes() throws Exception {
        Path model = write("demo.onnx", DemoModels.multiExitCnn(5));
        assertEquals(2, Main.run("model", "check", model.toString(), "--backend", "tensorflw"));
        assertEquals("coinfer: --backend: unknown engine 'tensorflw', expected one of " + Backends.NAMES, console.err().trim());
    }

    @Test
    public void aFileThatIsNotOnnxIsOneLineNamingTheFile() throws Exception {
        Path bad = write("notes.onnx", "hello, not a model".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, Main.run("model", "check", bad.toString()));
        String msg = console.err().trim();
        assertTrue(msg, msg.startsWith("coinfer: " + bad + ": not an ONNX model"));
        assertEquals(msg, 1, msg.lines().count());
    }

    @Test
    public void aGraphWithNoInnerCutIsRefused() throws Exception {
        Path flat = write("flat.onnx", OnnxModelBuilder.input("x", 1, 4).relu().exit("y").build());
        assertEquals(2, Main.run("model", "check", flat.toString()));
        assertEquals("coinfer: " + flat + ": no usable cut: no tensor between the input and any output separates the graph",
                console.err().trim());
    }

    @Test
    public void aCutOfUnknownSizeFailsAsAContainerWouldRefuseIt() throws Exception {
        OnnxModelBuilder b = OnnxModelBuilder.input("x", 1, 4).relu();
        Path model = write("nonzero.onnx", b.node("NonZero", java.util.Map.of(), b.current()).exit("y").build());
        assertEquals(2, Main.run("model", "check", model.toString()));
        String msg = console.err().trim();
        assertTrue(msg, msg.startsWith("coinfer: " + model + ": cannot tell the size of tensor '"));
        assertEquals(msg, 1, msg.lines().count());
    }

    @Test
    public void evaluateWritesEachExitsAccuracyIntoTheManifestAndInfoShowsIt() throws Exception {
        Path model = write("m.onnx", DemoModels.multiExitCnn(5));
        StringBuilder exits = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            exits.append(i > 1 ? "," : "").append("{\"output\": \"exit").append(i).append("\"}");
        }
        Path manifest = write("m.json", ("{\"id\": \"mine\", \"file\": \"m.onnx\", \"labels\": [\"a\", \"b\"],"
                + " \"input\": {\"name\": \"input\", \"dtype\": \"float32\", \"shape\": [-1, 1, 28, 28]}, \"exits\": [" + exits + "]}")
                .getBytes(StandardCharsets.UTF_8));
        // Four images, labels 0..3: a tiny IDX pair written here.
        java.nio.ByteBuffer img = java.nio.ByteBuffer.allocate(16 + 4 * 784).putInt(0x803).putInt(4).putInt(28).putInt(28);
        for (int i = 0; i < 4 * 784; i++) {
            img.put((byte) (i * 31));
        }
        Path images = write("img.idx", img.array());
        Path labels = write("lab.idx", java.nio.ByteBuffer.allocate(12).putInt(0x801).putInt(4).put(new byte[] {0, 1, 2, 3}).array());
        assertEquals(0, Main.run("model", "evaluate", model.toString(), "--manifest", manifest.toString(),
                "--images", images.toString(), "--labels", labels.toString()));
        String json = Files.readString(manifest);
        assertEquals(json, 5, json.split("\"accuracy\": ").length - 1);
        assertTrue(json, json.contains("\"labels\": [\"a\", \"b\"]"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"accuracy\": ([0-9.Ee+-]+)").matcher(json);
        int found = 0;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            assertTrue(json, v == 0 || v == 0.25 || v == 0.5 || v == 0.75 || v == 1);
            found++;
        }
        assertEquals(json, 5, found);
        console.reset();
        assertEquals(0, Main.run("model", "info", model.toString(), "--json"));
        String info = console.out();
        assertTrue(info, info.startsWith("{\"id\":\"mine\""));
        assertTrue(info, !info.contains("\"accuracy\":null"));
    }

    /** A fixture exported by PyTorch, see bundles/coinfer.onnx/src/test/torch/export_fixtures.py. */
    private static Path torch(String name) throws Exception {
        return Path.of(ModelCheckTest.class.getResource("/torch/" + name).toURI());
    }

    @Test
    public void pytorchExportsSplitEqualWholeAtEveryCut() throws Exception {
        List<Path> models;
        try (Stream<Path> files = Files.list(torch("resnet.onnx").getParent())) {
            models = files.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
        }
        assertTrue(models.toString(), models.size() >= 6);
        for (Path model : models) {
            console.reset();
            assertEquals(model.toString(), 0, Main.run("model", "check", model.toString()));
            String text = console.out();
            assertTrue(text, text.contains("(ok, tolerance 1e-04)"));
            // Served models need every cut's size: model info loads it as the containers do.
            assertEquals(model.toString(), 0, Main.run("model", "info", model.toString()));
        }
    }

    @Test
    public void pytorchResNetCutsAroundItsResidualBlocks() throws Exception {
        assertEquals(0, Main.run("model", "check", torch("resnet.onnx").toString()));
        String text = console.out();
        assertTrue(text, text.contains("exit output: 13 cuts,"));
        assertTrue(text, text.contains("/stem/stem.3/MaxPool_output_0, /blocks/blocks.0/Add_output_0, "
                + "/blocks/blocks.0/relu_1/Relu_output_0, /blocks/blocks.1/Add_output_0,"));
    }

    @Test
    public void pytorchMultiExitModelIsEvaluatedThroughItsManifest() throws Exception {
        Path model = write("multi_exit.onnx", Files.readAllBytes(torch("multi_exit.onnx")));
        Path manifest = write("multi_exit.json", Files.readAllBytes(torch("multi_exit.json")));
        assertEquals(0, Main.run("model", "check", model.toString()));
        assertTrue(console.out(), console.out().contains("exit exit3: "));
        // Twenty 28x28 images with labels 0..9 twice: a tiny IDX pair written here.
        int n = 20;
        java.nio.ByteBuffer img = java.nio.ByteBuffer.allocate(16 + n * 784).putInt(0x803).putInt(n).putInt(28).putInt(28);
        java.util.Random r = new java.util.Random(20);
        for (int i = 0; i < n * 784; i++) {
            img.put((byte) r.nextInt(256));
        }
        java.nio.ByteBuffer lab = java.nio.ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            lab.put((byte) (i % 10));
        }
        Path images = write("img.idx", img.array());
        Path labels = write("lab.idx", lab.array());
        String before = Files.readString(manifest);
        assertTrue(before, !before.contains("\"accuracy\""));
        console.reset();
        assertEquals(0, Main.run("model", "evaluate", model.toString(), "--manifest", manifest.toString(),
                "--images", images.toString(), "--labels", labels.toString()));
        String json = Files.readString(manifest);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"accuracy\": ([0-9.Ee+-]+)").matcher(json);
        int found = 0;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            assertTrue(json, v >= 0 && v <= 1 && Math.abs(v * n - Math.rint(v * n)) < 1e-9);
            found++;
        }
        assertEquals(json, 3, found);
        assertTrue(json, json.contains("\"sha256\": \"" + before.replaceAll("(?s).*\"sha256\": \"([0-9a-f]+)\".*", "$1") + "\""));
        String text = console.out();
        assertTrue(text, text.contains("exit 3 exit3") && text.contains("wrote the accuracies into " + manifest));
        console.reset();
        assertEquals(0, Main.run("model", "info", model.toString(), "--json"));
        String info = console.out();
        assertTrue(info, info.startsWith("{\"id\":\"torch-multi-exit\""));
        assertTrue(info, !info.contains("\"accuracy\":null"));
    }

    @Test
    public void aManifestNamingAMissingOutputIsOneLine() throws Exception {
        Path model = write("m.onnx", DemoModels.multiExitCnn(5));
        Path manifest = write("m.json", ("{\"id\": \"x\", \"file\": \"m.onnx\", \"input\": {\"name\": \"input\","
                + " \"dtype\": \"float32\", \"shape\": [-1, 1, 28, 28]}, \"exits\": [{\"output\": \"logits\"}]}").getBytes(StandardCharsets.UTF_8));
        assertEquals(2, Main.run("model", "evaluate", model.toString(), "--manifest", manifest.toString()));
        assertEquals("coinfer: " + manifest + ": field 'exits[0].output': expected one of [exit1, exit2, exit3, exit4, exit5] (outputs of "
                + model + "), found 'logits'", console.err().trim());
    }

    @Test
    public void aMissingFileIsNamed() {
        assertEquals(2, Main.run("model", "check", "/no/such/model.onnx"));
        assertEquals("coinfer: /no/such/model.onnx: no such file", console.err().trim());
    }
}
