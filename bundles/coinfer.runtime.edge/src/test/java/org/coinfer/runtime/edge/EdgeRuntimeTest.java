package org.coinfer.runtime.edge;

import org.coinfer.model.ProfilerConfig;
import org.coinfer.testing.ComponentConfigs;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceException;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.backend.onnxruntime.OrtBackend;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.Segments;
import org.coinfer.onnx.DemoModels;
import org.junit.BeforeClass;
import org.junit.Test;

public class EdgeRuntimeTest {
    private static final String ID = "demo";
    private static LoadedModel model;
    private static EdgeRuntime edge;
    /** A second backend for the reference: the whole path run locally. */
    private static OrtBackend local;

    @BeforeClass
    public static void start() throws InferenceException {
        model = LoadedModel.of(ID, DemoModels.multiExitCnn(11), "test", List.of());
        edge = new EdgeRuntime(() -> List.of(model), backend(),
                ComponentConfigs.of(ProfilerConfig.class, Map.of("warmup", 0, "rounds", 1, "roundMs", 0.0)));
        // Profiling runs in the background and shares the backend: let it finish first.
        edge.profile(ID);
        local = backend();
    }

    private static OrtBackend backend() {
        return new OrtBackend(ComponentConfigs.of(OrtBackend.Config.class, Map.of()));
    }

    private static Tensor input() {
        float[] v = new float[28 * 28];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i * 13) % 31) / 31f;
        }
        return Tensor.ofFloats(new long[] {1, 1, 28, 28}, v);
    }

    /** A request as the device sends it: with the content hash of its own (here: the same) model. */
    private static Tensor finish(String modelId, int exit, int cut, Tensor x) throws InferenceException {
        return edge.finish(new InferenceRequest(7, modelId, model.description().contentHash(), exit, cut, x));
    }

    private static Tensor locally(int exit, int from, int to, Tensor x) throws InferenceException {
        return Segments.run(local, model, new SegmentKey(ID, exit, from, to), x);
    }

    @Test
    public void finishingFromEveryCutEqualsTheWholePath() throws InferenceException {
        for (Exit e : List.of(model.description().exit(2), model.description().finalExit())) {
            Tensor whole = locally(e.number(), 0, e.layers(), input());
            for (int c = 0; c < e.layers(); c++) {
                Tensor atCut = c == 0 ? input() : locally(e.number(), 0, c, input());
                Tensor out = finish(ID, e.number(), c, atCut);
                assertArrayEquals(whole.shape(), out.shape());
                assertArrayEquals("exit " + e.number() + " cut " + c, whole.toFloats(), out.toFloats(), 1e-5f);
            }
        }
    }

    @Test
    public void tensorOfTheWrongSizeIsRefused() {
        Tensor small = Tensor.ofFloats(new long[] {1, 1, 4, 4}, new float[16]);
        InferenceException e = assertThrows(InferenceException.class, () -> finish(ID, 1, 0, small));
        assertTrue(e.getMessage(), e.getMessage().startsWith("cut 0 of exit 1 is tensor '"
                + model.description().input().name() + "' of 3136 bytes, found FLOAT32[1, 1, 4, 4] of 64 bytes"));
    }

    @Test
    public void cutOutsideTheEdgesRangeIsRefused() {
        int n = model.description().exit(3).layers();
        for (int cut : new int[] {-1, n, n + 1}) {
            InferenceException e = assertThrows(InferenceException.class, () -> finish(ID, 3, cut, input()));
            assertEquals("exit 3 of model " + ID + " has edge cuts 0.." + (n - 1) + ", not " + cut, e.getMessage());
        }
    }

    @Test
    public void unknownExitIsRefused() {
        InferenceException e = assertThrows(InferenceException.class, () -> finish(ID, 6, 0, input()));
        assertEquals("model " + ID + " has exits 1..5, not 6", e.getMessage());
        assertThrows(InferenceException.class, () -> finish(ID, 0, 0, input()));
    }

    @Test
    public void aRequestPlannedForOtherModelContentIsRefusedNamingBothHashes() throws InferenceException {
        String other = "ab".repeat(32);
        InferenceException e = assertThrows(InferenceException.class,
                () -> edge.finish(new InferenceRequest(8, ID, other, 1, 0, input())));
        assertEquals("model " + ID + " differs: the edge has content sha256 " + model.description().contentHash()
                + ", the device planned with " + other + "; install the same model bundle on both", e.getMessage());
        assertEquals("no hash: not checked", 10, edge.finish(new InferenceRequest(9, ID, "", 1, 0, input())).elementCount());
    }

    @Test
    public void unknownModelIsRefused() {
        InferenceException e = assertThrows(InferenceException.class, () -> finish("resnet", 1, 0, input()));
        assertEquals("unknown model 'resnet'; this container has [" + ID + "]", e.getMessage());
        InferenceException p = assertThrows(InferenceException.class, () -> edge.profile("resnet"));
        assertTrue(p.getMessage(), p.getMessage().contains("'resnet'"));
    }

    @Test
    public void profileIsTheEdgesMeasurementOfThisModel() throws InferenceException {
        HostProfile p = edge.profile(ID);
        assertEquals(Host.EDGE, p.host());
        assertEquals(ID, p.modelId());
        assertEquals(model.description().contentHash(), p.contentHash());
        assertEquals(5, p.pathMs().size());
        for (Exit e : model.description().exits()) {
            assertEquals(e.layers() + 1, p.pathMs().get(e.number() - 1).size());
        }
        assertTrue(p.rangeMs(5, 0, model.description().finalExit().layers()) > 0);
    }
}
