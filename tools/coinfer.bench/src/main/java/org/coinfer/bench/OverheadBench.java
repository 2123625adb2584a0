package org.coinfer.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.coinfer.api.Exit;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.backend.onnxruntime.OrtBackend;
import org.coinfer.model.Inputs;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.Segments;
import org.coinfer.onnx.DemoModels;

/**
 * Targets 1 and 2: the device-only plan through Coinfer against raw ONNX Runtime on the whole
 * model file, and split execution at every cut against whole execution, both on one thread.
 */
final class OverheadBench implements AutoCloseable {
    /** The device container's built-in model. */
    static final String MODEL_ID = "demo-cnn";
    static final long SEED = 2018;

    private final byte[] onnx = DemoModels.multiExitCnn(SEED);
    private final LoadedModel model = LoadedModel.of(MODEL_ID, onnx, "built-in " + MODEL_ID, List.of());
    private final Exit exit = model.description().finalExit();
    private final int n = exit.layers();
    private final OrtBackend backend = new OrtBackend(new BackendConfig(1, 1));
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession raw;
    private final Tensor input;
    private final FloatBuffer rawInput;
    private final long[] shape;
    private final List<SegmentKey> loaded = new ArrayList<>();
    private final double scale;

    OverheadBench(double scale) throws Exception {
        this.scale = scale;
        shape = Inputs.batchOne(model.description().input());
        float[] values = new float[Math.toIntExact(Tensor.elementCount(shape))];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 17) / 17f;
        }
        input = Tensor.ofFloats(shape, values);
        // Raw ONNX Runtime at its best: input already in native memory, no copy per call.
        rawInput = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        rawInput.put(values).flip();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            o.setInterOpNumThreads(1);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            raw = env.createSession(onnx, o);
        }
    }

    private SegmentKey key(int from, int to) throws Exception {
        SegmentKey k = new SegmentKey(MODEL_ID, exit.number(), from, to);
        if (!backend.isLoaded(k)) {
            Segments.ensureLoaded(backend, model, k);
            loaded.add(k);
        }
        return k;
    }

    /** What DeviceRuntime does for a device-only plan. */
    private Tensor coinfer(SegmentKey whole) throws Exception {
        return Segments.run(backend, model, whole, input);
    }

    private float[] rawRun(Set<String> outputs) throws Exception {
        try (OnnxTensor in = OnnxTensor.createTensor(env, rawInput, shape);
             OrtSession.Result r = raw.run(Map.of(raw.getInputNames().iterator().next(), in), outputs)) {
            FloatBuffer fb = ((OnnxTensor) r.get(exit.output()).orElseThrow()).getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        }
    }

    List<Row> deviceOnly() throws Exception {
        SegmentKey whole = key(0, n);
        Set<String> only = Set.of(exit.output());
        Set<String> all = Set.copyOf(raw.getOutputNames());
        float[] a = coinfer(whole).toFloats();
        float[] b = rawRun(only);
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        Paired.Work ours = () -> coinfer(whole);
        Paired.Work theirs = () -> rawRun(only);
        Paired.Work theirsAll = () -> rawRun(all);
        Paired.warm(ours, ms(1500));
        Paired.warm(theirs, ms(1500));
        int batch = Paired.batchSize(theirs, ms(10));
        Paired.Result r = Paired.compare(ours, theirs, batch, rounds(400));
        // For the record: does ONNX Runtime skip the other exits when only exit 5 is fetched?
        Paired.Result all5 = Paired.compare(theirsAll, theirs, batch, rounds(60));
        System.out.printf(Locale.ROOT, "  model %s exit %d (%s), %d cuts on its path, input %s, outputs agree within %.1e%n",
                MODEL_ID, exit.number(), exit.output(), n, input, diff);
        System.out.printf(Locale.ROOT, "  Coinfer Segments.run(0..%d): median %.1f us/call; raw OrtSession.run: %.1f us/call"
                + " (batches of %d, %d pairs)%n", n, r.aNanos() / 1e3, r.bNanos() / 1e3, batch, rounds(400));
        System.out.printf(Locale.ROOT, "  ratio Coinfer/raw: median %.4f (IQR %.4f..%.4f)%n", r.ratio(), r.ratioQ1(), r.ratioQ3());
        System.out.printf(Locale.ROOT, "  raw fetching all %d exits / raw fetching exit %d only: %.4f%n",
                all.size(), exit.number(), all5.ratio());
        List<Row> rows = new ArrayList<>();
        rows.add(Row.check("device-only Coinfer / raw ORT", r.ratio(), "x", "<= 1.03", r.ratio() <= 1.03,
                String.format(Locale.ROOT, "%.1f vs %.1f us/call; IQR %.3f..%.3f", r.aNanos() / 1e3, r.bNanos() / 1e3,
                        r.ratioQ1(), r.ratioQ3())));
        rows.add(Row.info("raw ORT all exits / exit-5 only", all5.ratio(), "x", "whether ORT prunes unfetched exits"));
        return rows;
    }

    List<Row> split() throws Exception {
        SegmentKey whole = key(0, n);
        Paired.Work wholeWork = () -> Segments.run(backend, model, whole, input);
        Paired.Work[] splitWork = new Paired.Work[n];
        for (int c = 1; c < n; c++) {
            SegmentKey head = key(0, c);
            SegmentKey tail = key(c, n);
            splitWork[c] = () -> Segments.run(backend, model, tail, Segments.run(backend, model, head, input));
        }
        Paired.warm(wholeWork, ms(500));
        for (int c = 1; c < n; c++) {
            Paired.warm(splitWork[c], ms(300));
        }
        // Long batches: each switch between sessions starts with cold caches, which is not what
        // a device running only its prefix sees.
        int batch = Paired.batchSize(wholeWork, ms(10));
        int rounds = rounds(50);
        Paired.Series control = new Paired.Series(rounds);
        Paired.Series[] series = new Paired.Series[n];
        for (int c = 1; c < n; c++) {
            series[c] = new Paired.Series(rounds);
        }
        // Cuts take turns within each round, so slow phases of the machine spread over all of them.
        for (int r = 0; r < rounds; r++) {
            control.measure(wholeWork, wholeWork, batch);
            for (int c = 1; c < n; c++) {
                series[c].measure(splitWork[c], wholeWork, batch);
            }
        }
        System.out.printf(Locale.ROOT, "  %d cuts, %d pairs each, batches of %d; whole path 0..%d%n", n - 1, rounds, batch, n);
        System.out.printf(Locale.ROOT, "  %-4s %-28s %12s %10s %10s %18s%n", "cut", "tensor at cut", "bytes", "split us", "whole us", "split/whole (IQR)");
        int worst = -1;
        double max = 0;
        for (int c = 1; c < n; c++) {
            Paired.Result r = series[c].result();
            System.out.printf(Locale.ROOT, "  %-4d %-28s %12d %10.1f %10.1f %8.4f (%.3f..%.3f)%n", c, exit.cut(c).tensor(),
                    exit.cut(c).bytes(), r.aNanos() / 1e3, r.bNanos() / 1e3, r.ratio(), r.ratioQ1(), r.ratioQ3());
            if (r.ratio() > max) {
                max = r.ratio();
                worst = c;
            }
        }
        Paired.Result cr = control.result();
        System.out.printf(Locale.ROOT, "  control whole/whole: %.4f (IQR %.3f..%.3f): the noise floor of one ratio%n",
                cr.ratio(), cr.ratioQ1(), cr.ratioQ3());
        return List.of(
                Row.check("split / whole, max over cuts", max, "x", "<= 1.05", max <= 1.05,
                        "worst cut " + worst + " (" + exit.cut(worst).tensor() + ", " + exit.cut(worst).bytes() + " B) of 1.." + (n - 1)),
                Row.info("control whole / whole", cr.ratio(), "x",
                        String.format(Locale.ROOT, "noise floor; IQR %.3f..%.3f", cr.ratioQ1(), cr.ratioQ3())));
    }

    private long ms(long millis) {
        return Math.round(millis * 1_000_000L * scale);
    }

    private int rounds(int full) {
        return (int) Math.max(5, Math.round(full * scale));
    }

    @Override
    public void close() throws Exception {
        loaded.forEach(backend::unload);
        raw.close();
    }
}
