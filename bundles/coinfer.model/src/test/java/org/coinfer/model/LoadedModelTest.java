package org.coinfer.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coinfer.api.Exit;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.SegmentKey;
import org.coinfer.onnx.DemoModels;
import org.coinfer.onnx.OnnxFormatException;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LoadedModelTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final LoadedModel model = DemoFixture.model();

    @Test
    public void demoModelHasFiveExitsFromInputToOutput() {
        ModelDescription d = model.description();
        assertEquals(DemoFixture.ID, d.id());
        assertEquals(5, d.exits().size());
        for (int i = 0; i < 5; i++) {
            Exit e = d.exits().get(i);
            assertEquals(i + 1, e.number());
            assertEquals(DemoModels.EXITS.get(i), e.output());
            assertTrue(Double.isNaN(e.accuracy()));
            assertEquals(0, e.cut(0).index());
            assertEquals(d.input().name(), e.cut(0).tensor());
            assertEquals(1 * 28 * 28 * 4, e.cut(0).bytes());
            assertEquals(e.output(), e.cut(e.layers()).tensor());
            assertEquals(10 * 4, e.cut(e.layers()).bytes());
        }
        assertTrue("later exits have longer paths", d.exit(1).layers() < d.finalExit().layers());
    }

    @Test
    public void contentHashIsStableForSameBytesAndDiffersAcrossSeeds() {
        String hash = model.description().contentHash();
        assertTrue(hash, hash.matches("[0-9a-f]{64}"));
        assertEquals(hash, DemoFixture.model().description().contentHash());
        LoadedModel other = LoadedModel.of(DemoFixture.ID, DemoModels.multiExitCnn(DemoFixture.SEED + 1), "other", List.of());
        assertNotEquals(hash, other.description().contentHash());
    }

    @Test
    public void accuraciesAreAttachedOrRejectedWhenTheirCountIsWrong() {
        byte[] bytes = DemoModels.multiExitCnn(DemoFixture.SEED);
        LoadedModel m = LoadedModel.of("acc", bytes, "acc", List.of(0.5, 0.6, 0.7, 0.8, 0.9));
        assertEquals(0.7, m.description().exit(3).accuracy(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadedModel.of("acc", bytes, "src-name", List.of(0.5)));
        assertTrue(e.getMessage(), e.getMessage().startsWith("src-name: 5 exits but 1 accuracies"));
    }

    @Test
    public void segmentIsExtractedOnceAndCached() {
        SegmentKey key = new SegmentKey(DemoFixture.ID, 2, 1, 3);
        byte[] first = model.segment(key);
        assertTrue(first.length > 0);
        assertSame(first, model.segment(key));
    }

    @Test
    public void segmentOfAnotherModelIsRefused() {
        SegmentKey key = new SegmentKey("someone-else", 1, 0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.segment(key));
        assertTrue(e.getMessage(), e.getMessage().contains("not of model " + DemoFixture.ID));
    }

    @Test
    public void readTakesTheIdFromTheFileName() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("tiny-cnn.onnx");
        Files.write(file, DemoModels.multiExitCnn(DemoFixture.SEED));
        LoadedModel m = LoadedModel.read(file);
        assertEquals("tiny-cnn", m.id());
        assertEquals(model.description().contentHash(), m.description().contentHash());
    }

    @Test
    public void readingAFileThatIsNotOnnxGivesOneLineNamingTheFile() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("notes.onnx");
        Files.writeString(file, "this is not a model\n");
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> LoadedModel.read(file));
        assertTrue(e.getMessage(), e.getMessage().startsWith(file + ": "));
        assertFalse(e.getMessage(), e.getMessage().contains("\n"));
    }

    @Test
    public void readingAMissingFileNamesTheFile() {
        Path file = tmp.getRoot().toPath().resolve("absent.onnx");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> LoadedModel.read(file));
        assertTrue(e.getMessage(), e.getMessage().startsWith(file + ": cannot read model"));
    }
}
