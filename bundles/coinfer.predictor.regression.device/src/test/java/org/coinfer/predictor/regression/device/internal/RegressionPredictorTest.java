package org.coinfer.predictor.regression.device.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coinfer.api.Exit;
import org.coinfer.api.FittedLatencyModel;
import org.coinfer.api.Host;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.model.LoadedModel;
import org.coinfer.predictor.regression.LayerKind;
import org.coinfer.predictor.regression.LayerModel;
import org.coinfer.predictor.regression.LayerModel.Form;
import org.coinfer.predictor.regression.LayerModel.Load;
import org.coinfer.predictor.regression.LayerModel.Term;
import org.junit.Test;

public class RegressionPredictorTest {
    static final LoadedModel MODEL = LoadedModel.demo();

    static LayerModel model(Host host, double scale) {
        Map<LayerKind, Term> t = new EnumMap<>(LayerKind.class);
        for (LayerKind k : LayerKind.values()) {
            t.put(k, new Term(Form.LINEAR, 0.01 * scale, k.featureNames().stream().map(f -> 1e-6 * scale).toList()));
        }
        return new LayerModel(host, "test", 10, 0.05, 0.05 * scale, 0, 0, t, new Load(2, 1e-4));
    }

    /** The device's own model, or none yet. */
    static final class Local implements FittedLatencyModel {
        volatile String json;

        @Override
        public Optional<String> json() {
            return Optional.ofNullable(json);
        }

        @Override
        public String status() {
            return json == null ? "timing layers 7/40 models" : "";
        }
    }

    /** Says every segment is loaded, or none. */
    static final class Loaded implements InferenceBackend {
        volatile boolean all;

        @Override
        public String engine() {
            return "test";
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void load(SegmentKey key, byte[] onnxModel) {
        }

        @Override
        public boolean isLoaded(SegmentKey key) {
            return all;
        }

        @Override
        public Tensor infer(SegmentKey key, Tensor input) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void unload(SegmentKey key) {
        }
    }

    static void await(String what, java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    public void predictsEveryPartFromBothHostsModelsOnceBothAreThere() throws Exception {
        Local local = new Local();
        FakeEdge edge = new FakeEdge();
        RegressionPredictor p = new RegressionPredictor(() -> List.of(MODEL), edge, local);
        ModelDescription d = MODEL.description();
        await("the edge is asked when the device connects", () -> edge.asked.get() == 1);

        String why = p.uncoveredReason(d);
        assertTrue(why, why.contains("no per-layer latency model of the device yet: timing layers 7/40 models"));
        LayerModel device = model(Host.DEVICE, 10);
        local.json = device.toJson();
        why = p.uncoveredReason(d);
        assertTrue(why, why.contains("no per-layer latency model from the edge at edge.test:7311 yet: the edge's per-layer latency model is not ready"));

        LayerModel edgeModel = model(Host.EDGE, 1);
        edge.json = edgeModel.toJson();
        await("the edge's model, asked for again within a second", () -> p.covers(d));
        Exit e = d.finalExit();
        int n = e.layers();
        for (int c = 0; c <= n; c++) {
            assertEquals("device prefix to cut " + c, device.predict(MODEL).rangeMs(e.number(), 0, c),
                    p.predictMs(Host.DEVICE, d, e.number(), 0, c), 1e-9);
            assertEquals("edge suffix from cut " + c, edgeModel.predict(MODEL).rangeMs(e.number(), c, n),
                    p.predictMs(Host.EDGE, d, e.number(), c, n), 1e-9);
        }
    }

    /** A predictor with both hosts' models, once it covers the model. */
    static RegressionPredictor covering() throws InterruptedException {
        Local local = new Local();
        local.json = model(Host.DEVICE, 10).toJson();
        FakeEdge edge = new FakeEdge();
        edge.json = model(Host.EDGE, 1).toJson();
        RegressionPredictor p = new RegressionPredictor(() -> List.of(MODEL), edge, local);
        await("covered", () -> p.covers(MODEL.description()));
        return p;
    }

    @Test
    public void aPrefixNotLoadedYetAlsoPaysItsLoadingTime() throws Exception {
        RegressionPredictor p = covering();
        ModelDescription d = MODEL.description();
        Loaded backend = new Loaded();
        p.backend = backend;
        int exit = d.finalExit().number();
        double cold = p.predictMs(Host.DEVICE, d, exit, 0, 3);
        backend.all = true;
        double warm = p.predictMs(Host.DEVICE, d, exit, 0, 3);
        assertTrue("cold " + cold + " warm " + warm, cold >= warm + 2); // the load model's 2 ms at least
        assertEquals("nothing to load for an empty prefix", 0, p.predictMs(Host.DEVICE, d, exit, 0, 0), 0);
    }

    @Test
    public void aModelOfOtherContentIsNotCovered() throws Exception {
        RegressionPredictor p = covering();
        ModelDescription d = MODEL.description();
        ModelDescription other = new ModelDescription(d.id(), "0".repeat(64), d.input(), d.exits());
        assertFalse(p.covers(other));
        assertTrue(p.uncoveredReason(other), p.uncoveredReason(other).contains("has other content here"));
    }
}
