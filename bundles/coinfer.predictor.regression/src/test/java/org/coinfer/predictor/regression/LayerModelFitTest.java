package org.coinfer.predictor.regression;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.coinfer.api.Host;
import org.coinfer.model.Profiler;
import org.coinfer.onnx.OnnxNode;
import org.coinfer.predictor.regression.LayerModel.Form;
import org.coinfer.predictor.regression.LayerModel.Load;
import org.coinfer.predictor.regression.LayerModel.Term;
import org.junit.Test;

public class LayerModelFitTest {
    /** A host whose convolutions and pools cost linearly, whose fully connected layers cost logarithmically. */
    static LayerModel truth() {
        Map<LayerKind, Term> t = new EnumMap<>(LayerKind.class);
        t.put(LayerKind.CONVOLUTION, new Term(Form.LINEAR, 0.01, List.of(2e-8, 1e-7, 0.0)));
        t.put(LayerKind.POOLING, new Term(Form.LINEAR, 0.002, List.of(5e-7, 0.0)));
        t.put(LayerKind.FULLY_CONNECTED, new Term(Form.LOG, 0.0, List.of(0.05, 0.0, 0.0)));
        t.put(LayerKind.ELEMENTWISE, new Term(Form.LINEAR, 0.001, List.of(1e-7, 0.0)));
        return new LayerModel(Host.DEVICE, "test", 0, 0, 0.02, 1e-7, 2e-7, t, new Load(5, 1e-5));
    }

    static OnnxNode node(Random r, String op) {
        long in = 4L * (100 + r.nextInt(50_000));
        long out = 4L * (100 + r.nextInt(50_000));
        long flops = switch (op) {
            case "Conv" -> (long) (in * (1 + r.nextInt(400)));
            case "Gemm" -> 2L * (in / 4) * (1 + r.nextInt(512));
            default -> in / 4;
        };
        return new OnnxNode(op + r.nextInt(), op, List.of("x"), List.of("y"), flops, 0, in, out);
    }

    /** Parts of "models" of random layers, timed by {@code truth} with up to {@code noise} relative error. */
    static List<PathSample> samples(LayerModel truth, int models, double noise, long seed) {
        Random r = new Random(seed);
        String[] ops = {"Conv", "Relu", "MaxPool", "Gemm"};
        List<PathSample> out = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            List<OnnxNode> nodes = new ArrayList<>();
            for (int c = 1; c <= 8; c++) {
                nodes.add(node(r, ops[r.nextInt(ops.length)]));
                long in = 4L * (1 + r.nextInt(10_000));
                long outBytes = 4L * (1 + r.nextInt(10_000));
                double ms = truth.partMs(nodes, in, outBytes) * (1 + noise * (2 * r.nextDouble() - 1));
                out.add(new PathSample("m" + m, 1, c, nodes, in, outBytes, ms));
            }
        }
        return out;
    }

    @Test
    public void recoversAKnownHostAndChoosesEachLayerTypesFormByCrossValidation() {
        LayerModel truth = truth();
        List<Profiler.Load> loads = List.of(new Profiler.Load(1_000, 5.01), new Profiler.Load(100_000, 6.0), new Profiler.Load(1_000_000, 15.0));
        LayerModel fit = LayerModelFit.fit(Host.DEVICE, "test", samples(truth, 30, 0.02, 1), loads);

        assertEquals(Form.LOG, fit.layers().get(LayerKind.FULLY_CONNECTED).form());
        assertEquals(Form.LINEAR, fit.layers().get(LayerKind.CONVOLUTION).form());
        assertTrue("cross-validated error " + fit.crossValidatedRelError(), fit.crossValidatedRelError() < 0.03);
        for (PathSample s : samples(truth, 10, 0, 2)) { // models the fit never saw
            double want = s.ms();
            double got = fit.partMs(s.nodes(), s.inputBytes(), s.outputBytes());
            assertEquals("part of " + s.nodes().size() + " layers", want, got, 0.05 * want);
        }
        assertEquals("loading 500 kB", truth.load().ms(500_000), fit.load().ms(500_000), 0.5);
    }

    @Test
    public void predictionsAreNeverNegative() {
        Map<LayerKind, Term> t = new EnumMap<>(LayerKind.class);
        t.put(LayerKind.ELEMENTWISE, new Term(Form.LINEAR, -1, List.of(0.0, 0.0)));
        LayerModel m = new LayerModel(Host.EDGE, "test", 0, 0, -5, 0, 0, t, new Load(-3, 0));
        OnnxNode relu = node(new Random(1), "Relu");
        assertEquals(0, m.nodeMs(relu), 0);
        assertEquals(0, m.partMs(List.of(relu), 4, 4), 0);
        assertEquals(0, m.load().ms(10), 0);
    }

    @Test
    public void tooFewSamplesIsAnErrorSayingHowManyAreNeeded() {
        List<PathSample> few = samples(truth(), 1, 0, 3).subList(0, 3);
        IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> LayerModelFit.fit(Host.EDGE, "test", few, List.of()));
        assertTrue(e.getMessage(), e.getMessage().contains("found 3"));
    }
}
