package org.coinfer.predictor.regression.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coinfer.api.Host;
import org.coinfer.backend.onnxruntime.OrtBackend;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelCatalog;
import org.coinfer.predictor.regression.LayerModel;
import org.coinfer.testing.ComponentConfigs;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class HostLatencyModelTest {
    static final ModelCatalog CATALOG = () -> List.of(LoadedModel.demo());
    private static OrtBackend ort;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @BeforeClass
    public static void backend() {
        ort = new OrtBackend(ComponentConfigs.of(OrtBackend.Config.class, Map.of()));
    }

    private HostLatencyModel.Config config(Path file, boolean fit) {
        return ComponentConfigs.of(HostLatencyModel.Config.class, Map.of("file", file.toString(), "sweepModels", 2, "fit", fit));
    }

    private static HostLatencyModel started(Host host, CountingBackend b, HostLatencyModel.Config c) {
        HostLatencyModel m = new HostLatencyModel(host, CATALOG, c);
        m.bindBackend(b);
        return m;
    }

    static String awaitJson(HostLatencyModel m) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<String> j = m.json();
            if (j.isPresent()) {
                return j.get();
            }
            Thread.sleep(50);
        }
        fail("no model within 120 s: " + m.status());
        return null;
    }

    @Test
    public void fitsOnceSavesAndIsReadBackWithoutTimingAnything() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("sub/layer-model.json");
        HostLatencyModel first = started(Host.EDGE, new CountingBackend(ort, "ort-a"), config(file, true));
        try {
            LayerModel m = LayerModel.parse(awaitJson(first), "json()");
            assertEquals(Host.EDGE, m.host());
            assertEquals("ort-a", m.backend());
            assertEquals("", first.status());
            assertEquals("the saved file is the model served", m, LayerModel.parse(Files.readString(file), file.toString()));
        } finally {
            first.deactivate();
        }
        CountingBackend again = new CountingBackend(ort, "ort-a");
        HostLatencyModel second = started(Host.EDGE, again, config(file, true));
        try {
            awaitJson(second);
            assertEquals("runs when the file fits this host and backend", 0, again.runs.get());
        } finally {
            second.deactivate();
        }
        // The device does not take the edge's file: it fits its own.
        CountingBackend device = new CountingBackend(ort, "ort-a");
        HostLatencyModel third = started(Host.DEVICE, device, config(file, true));
        try {
            assertEquals(Host.DEVICE, LayerModel.parse(awaitJson(third), "json()").host());
            assertTrue(device.runs.get() > 0);
        } finally {
            third.deactivate();
        }
    }

    @Test
    public void anotherBackendSettingMakesItFitAgain() throws Exception {
        CountingBackend b = new CountingBackend(ort, "slowed 5x");
        HostLatencyModel m = started(Host.DEVICE, b, config(tmp.getRoot().toPath().resolve("m.json"), true));
        try {
            awaitJson(m);
            b.engine = "slowed 10x";
            assertFalse("a model of the old setting is not served", m.json().isPresent());
            assertEquals("slowed 10x", LayerModel.parse(awaitJson(m), "json()").backend());
        } finally {
            m.deactivate();
        }
    }

    @Test
    public void aDamagedFileIsFittedOver() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("layer-model.json");
        Files.writeString(file, "{\"format\": \"coinfer-layer-model\", \"version\": 1, \"host\": ");
        HostLatencyModel m = started(Host.EDGE, new CountingBackend(ort, "ort"), config(file, true));
        try {
            awaitJson(m);
            LayerModel.parse(Files.readString(file), file.toString()); // whole again
        } finally {
            m.deactivate();
        }
    }

    @Test
    public void withoutARoleOrWithFittingOffItSaysWhy() throws Exception {
        HostLatencyModel noRole = started(null, new CountingBackend(ort, "ort"), config(tmp.getRoot().toPath().resolve("a.json"), true));
        assertFalse(noRole.json().isPresent());
        assertTrue(noRole.status(), noRole.status().contains("framework property coinfer.role should be 'device' or 'edge'"));
        noRole.deactivate();

        HostLatencyModel off = started(Host.EDGE, new CountingBackend(ort, "ort"), config(tmp.getRoot().toPath().resolve("b.json"), false));
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!off.status().contains("fit=false") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(off.status(), off.status().contains("fitting is off (org.coinfer.predictor.regression fit=false)"));
            assertFalse(off.json().isPresent());
        } finally {
            off.deactivate();
        }
    }

    @Test
    public void theRoleComesFromTheFrameworkProperty() {
        assertEquals(Host.DEVICE, HostLatencyModel.role("device"));
        assertEquals(Host.EDGE, HostLatencyModel.role(" Edge "));
        assertEquals(null, HostLatencyModel.role("server"));
        assertEquals(null, HostLatencyModel.role(null));
    }
}
