package org.coinfer.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coinfer.api.DType;
import org.coinfer.onnx.DemoModels;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ModelManifestTest {
    @Rule
    public TemporaryFolder dir = new TemporaryFolder();

    private static final byte[] ONNX = DemoModels.multiExitCnn(11);

    static String manifest(String exit3Output, String dtype, String sha) {
        return """
                {"id": "b-alexnet", "file": "b.onnx", "sha256": "%s",
                 "input": {"name": "input", "shape": [-1, 1, 28, 28], "dtype": "%s", "preprocessing": "pixels / 255"},
                 "labels": ["T-shirt/top", "Trouser"],
                 "exits": [{"output": "exit1", "accuracy": 0.71}, {"output": "exit2", "accuracy": 0.8},
                           {"output": "%s", "accuracy": 0.85}, {"output": "exit4", "accuracy": 0.88},
                           {"output": "exit5", "accuracy": 0.91}]}
                """.formatted(sha, dtype, exit3Output);
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.getRoot().toPath().resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    public void aModelWithItsManifestTakesItsIdExitsAndAccuracies() throws Exception {
        Path onnx = dir.getRoot().toPath().resolve("b.onnx");
        Files.write(onnx, ONNX);
        write("b.json", manifest("exit3", "float32", LoadedModel.sha256(ONNX)));
        LoadedModel m = LoadedModel.read(onnx);
        assertEquals("b-alexnet", m.id());
        assertEquals(5, m.description().exits().size());
        assertEquals(0.91, m.description().finalExit().accuracy(), 0);
        assertEquals("exit3", m.description().exit(3).output());
        ModelManifest parsed = ModelManifest.read(dir.getRoot().toPath().resolve("b.json"));
        assertArrayEquals(new long[] {-1, 1, 28, 28}, parsed.input().shape());
        assertEquals(DType.FLOAT32, parsed.input().dtype());
        assertEquals(List.of("T-shirt/top", "Trouser"), parsed.labels());
    }

    @Test
    public void anOutputThatDoesNotExistIsNamedWithTheOutputsThereAre() {
        ModelManifest m = ModelManifest.parse(manifest("exit9", "float32", ""), "b.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadedModel.of(m, ONNX, "b.onnx", "b.json"));
        assertEquals("b.json: field 'exits[2].output': expected one of [exit1, exit2, exit3, exit4, exit5] (outputs of b.onnx), found 'exit9'",
                e.getMessage());
    }

    @Test
    public void aWrongInputTypeOrHashIsExpectedAgainstFound() {
        ModelManifest wrongType = ModelManifest.parse(manifest("exit3", "int64", ""), "b.json");
        assertEquals("b.json: field 'input.dtype': expected FLOAT32 (from b.onnx), found INT64",
                assertThrows(IllegalArgumentException.class, () -> LoadedModel.of(wrongType, ONNX, "b.onnx", "b.json")).getMessage());
        ModelManifest wrongHash = ModelManifest.parse(manifest("exit3", "float32", "00ff"), "b.json");
        String msg = assertThrows(IllegalArgumentException.class, () -> LoadedModel.of(wrongHash, ONNX, "b.onnx", "b.json")).getMessage();
        assertEquals("b.json: field 'sha256': expected " + LoadedModel.sha256(ONNX) + " (from b.onnx), found 00ff", msg);
    }

    @Test
    public void brokenJsonAndMissingFieldsAreNamed() {
        assertEquals("m.json: not valid JSON at offset 6: expected ':'",
                assertThrows(IllegalArgumentException.class, () -> ModelManifest.parse("{\"id\" 3}", "m.json")).getMessage());
        assertEquals("m.json: field 'input' is missing",
                assertThrows(IllegalArgumentException.class, () -> ModelManifest.parse("{\"id\": \"x\"}", "m.json")).getMessage());
        assertEquals("m.json: field 'input.dtype': expected float32, float64, int64, int32, uint8 or int8, found 'complex'",
                assertThrows(IllegalArgumentException.class, () -> ModelManifest.parse(manifest("exit3", "complex", ""), "m.json")).getMessage());
    }
}
