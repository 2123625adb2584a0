package org.coinfer.model.internal;

import org.coinfer.testing.ComponentConfigs;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.coinfer.model.LoadedModel;
import org.coinfer.onnx.DemoModels;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CatalogComponentTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static CatalogComponent catalog(boolean demo, String... files) {
        return new CatalogComponent(ComponentConfigs.of(CatalogComponent.Config.class, Map.of("demo", demo, "files", files)));
    }

    @Test
    public void defaultConfigurationServesTheDemoModel() {
        CatalogComponent c = new CatalogComponent(ComponentConfigs.of(CatalogComponent.Config.class, Map.of()));
        assertEquals(List.of(LoadedModel.DEMO_ID), c.models().stream().map(LoadedModel::id).toList());
        assertSame(c.models().get(0), c.defaultModel());
        assertEquals(5, c.defaultModel().description().exits().size());
    }

    @Test
    public void demoModelIsTheSameOnEveryContainer() {
        assertEquals(catalog(true).defaultModel().description().contentHash(),
                catalog(true).defaultModel().description().contentHash());
    }

    @Test
    public void aConfiguredFileReplacesTheDemoModelAndIsFoundById() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("other.onnx");
        Files.write(file, DemoModels.multiExitCnn(5));
        CatalogComponent c = catalog(true, file.toString());
        assertEquals("the demo model only stands in when nothing else provides one",
                List.of("other"), c.models().stream().map(LoadedModel::id).toList());
        assertEquals("other", c.model("other").id());
        assertEquals("other", catalog(false, file.toString()).defaultModel().id());
    }

    @Test
    public void unknownIdNamesTheKnownOnes() {
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> catalog(true).model("nope"));
        assertEquals("unknown model 'nope'; this container has [" + LoadedModel.DEMO_ID + "]", e.getMessage());
    }

    @Test
    public void aCatalogWithoutModelsIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> catalog(false).models());
        assertTrue(e.getMessage(), e.getMessage().contains(CatalogComponent.PID));
    }
}
