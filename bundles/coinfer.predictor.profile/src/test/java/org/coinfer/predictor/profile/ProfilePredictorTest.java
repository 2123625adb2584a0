package org.coinfer.predictor.profile;

import org.coinfer.model.ProfilerConfig;
import org.coinfer.testing.ComponentConfigs;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.coinfer.api.EdgeRefusedException;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.TransportException;
import org.coinfer.backend.onnxruntime.OrtBackend;
import org.coinfer.model.LoadedModel;
import org.coinfer.onnx.DemoModels;
import org.junit.After;
import org.junit.Test;

public class ProfilePredictorTest {
    private static final LoadedModel MODEL = LoadedModel.of("demo", DemoModels.multiExitCnn(3), "test", List.of());
    private static final ModelDescription DESC = MODEL.description();

    private ProfilePredictor predictor;

    /** Edge suffix times with recognisable values: from cut c of exit e it takes {@code 100e + (n - c)} ms, 0 at the output. */
    private static HostProfile edgeProfile(String contentHash) {
        List<List<Double>> ms = new ArrayList<>();
        for (Exit e : DESC.exits()) {
            List<Double> times = new ArrayList<>();
            for (int c = 0; c < e.layers(); c++) {
                times.add(100.0 * e.number() + (e.layers() - c));
            }
            times.add(0.0);
            ms.add(times);
        }
        return new HostProfile(DESC.id(), contentHash, Host.EDGE, ms);
    }

    private ProfilePredictor start(FakeEdge edge) {
        predictor = new ProfilePredictor(() -> List.of(MODEL),
                new OrtBackend(ComponentConfigs.of(OrtBackend.Config.class, Map.of())), edge,
                ComponentConfigs.of(ProfilerConfig.class, Map.of("warmup", 0, "rounds", 1, "roundMs", 0.0)));
        return predictor;
    }

    @After
    public void stop() throws InterruptedException {
        if (predictor != null) {
            predictor.deactivate();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private boolean hasDeviceProfile() {
        try {
            predictor.predictMs(Host.DEVICE, DESC, 1, 0, 1);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    public void predictionsAreTheMeasuredPrefixAndSuffixTimes() throws InterruptedException {
        start(new FakeEdge(edgeProfile(DESC.contentHash()), null));
        await("both profiles", () -> predictor.covers(DESC));
        int n2 = DESC.exit(2).layers();
        assertEquals(200 + n2 - 1, predictor.predictMs(Host.EDGE, DESC, 2, 1, n2), 1e-9);
        assertEquals("a range short of the output is a difference of suffixes", 1, predictor.predictMs(Host.EDGE, DESC, 2, 1, 2), 1e-9);
        assertEquals(0, predictor.predictMs(Host.EDGE, DESC, 4, 2, 2), 0);
        int n = DESC.finalExit().layers();
        for (int c = 1; c <= n; c++) {
            assertTrue("device prefix to cut " + c, predictor.predictMs(Host.DEVICE, DESC, 5, 0, c) > 0);
        }
        assertEquals(predictor.predictMs(Host.DEVICE, DESC, 5, 0, n) - predictor.predictMs(Host.DEVICE, DESC, 5, 0, 3),
                predictor.predictMs(Host.DEVICE, DESC, 5, 3, n), 1e-9);
        assertEquals(0, predictor.predictMs(Host.DEVICE, DESC, 5, 3, 3), 0);
    }

    /** The same engine under another name, as the active backend reports after a switch. */
    private record Renamed(org.coinfer.api.InferenceBackend b, String engine) implements org.coinfer.api.InferenceBackend {
        public boolean isReady() {
            return b.isReady();
        }

        public void load(org.coinfer.api.SegmentKey key, byte[] model) throws org.coinfer.api.InferenceException {
            b.load(key, model);
        }

        public boolean isLoaded(org.coinfer.api.SegmentKey key) {
            return b.isLoaded(key);
        }

        public org.coinfer.api.Tensor infer(org.coinfer.api.SegmentKey key, org.coinfer.api.Tensor in) throws org.coinfer.api.InferenceException {
            return b.infer(key, in);
        }

        public void unload(org.coinfer.api.SegmentKey key) {
            b.unload(key);
        }
    }

    @Test
    public void deviceProfilesAreKeptPerEngine() throws InterruptedException {
        start(new FakeEdge(edgeProfile(DESC.contentHash()), null));
        await("both profiles", () -> predictor.covers(DESC));
        OrtBackend ort = new OrtBackend(ComponentConfigs.of(OrtBackend.Config.class, Map.of()));
        predictor.bindBackend(new Renamed(ort, "other"));
        assertFalse("a new engine is profiled before it predicts", hasDeviceProfile());
        await("the new engine's profile", () -> predictor.covers(DESC));
        predictor.bindBackend(new Renamed(ort, "onnxruntime"));
        assertTrue("switching back needs no new profiling", predictor.covers(DESC) && hasDeviceProfile());
    }

    @Test
    public void coveredOnlyOnceBothProfilesAreIn() throws InterruptedException {
        FakeEdge edge = new FakeEdge(null, new TransportException("connection refused"));
        start(edge);
        await("the device profile", this::hasDeviceProfile);
        await("a retry of the edge profile", () -> edge.profileCalls.get() >= 2);
        assertFalse(predictor.covers(DESC));
        assertEquals("no profile of model demo from the edge yet: connection refused", predictor.uncoveredReason(DESC));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> predictor.predictMs(Host.EDGE, DESC, 1, 0, 1));
        assertEquals("no EDGE profile of model demo yet", e.getMessage());
        edge.serve(edgeProfile(DESC.contentHash()));
        await("the edge profile", () -> predictor.covers(DESC));
        assertEquals("", predictor.uncoveredReason(DESC));
    }

    @Test
    public void aModelTheEdgeLacksIsReportedAndPickedUpOnceTheEdgeHasIt() throws InterruptedException {
        FakeEdge edge = new FakeEdge(null, new EdgeRefusedException("unknown model 'demo'; this container has [b-alexnet]"));
        start(edge);
        await("the refusal", () -> predictor.uncoveredReason(DESC).contains("refused"));
        assertEquals("the edge at fake-edge refused model demo: unknown model 'demo'; this container has [b-alexnet]",
                predictor.uncoveredReason(DESC));
        edge.serve(edgeProfile(DESC.contentHash()));
        await("the edge profile", () -> predictor.covers(DESC));
    }

    @Test
    public void edgeProfileOfOtherModelBytesIsRefusedNamingBothHashes() throws InterruptedException {
        String other = "0".repeat(64);
        FakeEdge edge = new FakeEdge(edgeProfile(other), null);
        start(edge);
        await("a retry of the edge profile", () -> edge.profileCalls.get() >= 2);
        assertTrue(hasDeviceProfile());
        assertFalse(predictor.covers(DESC));
        assertThrows(IllegalArgumentException.class, () -> predictor.predictMs(Host.EDGE, DESC, 1, 0, 1));
        assertEquals("model demo differs: the edge at fake-edge has content sha256 " + other + ", the device has "
                + DESC.contentHash() + "; install the same model bundle on both", predictor.uncoveredReason(DESC));
        // The edge gets the right bundle: the worker, still trying, picks it up.
        edge.serve(edgeProfile(DESC.contentHash()));
        await("the matching edge profile", () -> predictor.covers(DESC));
    }

    @Test
    public void aModelOutsideTheCatalogIsNotCovered() throws InterruptedException {
        start(new FakeEdge(edgeProfile(DESC.contentHash()), null));
        await("both profiles", () -> predictor.covers(DESC));
        LoadedModel other = LoadedModel.of("other", DemoModels.multiExitCnn(4), "other", List.of());
        assertFalse(predictor.covers(other.description()));
        assertThrows(IllegalArgumentException.class, () -> predictor.predictMs(Host.DEVICE, other.description(), 1, 0, 1));
    }
}
