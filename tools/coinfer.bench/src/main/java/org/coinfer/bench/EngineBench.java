package org.coinfer.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.coinfer.api.Exit;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.backend.djl.internal.DjlBackend;
import org.coinfer.backend.onnxruntime.OrtBackend;
import org.coinfer.backend.tensorflow.internal.TfBackend;
import org.coinfer.model.Inputs;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.Segments;
import org.coinfer.testing.ComponentConfigs;

/**
 * Target 5: each engine's latency per segment of the shipped B-AlexNet against ONNX Runtime's,
 * every engine with its container defaults (one thread). The segments are those a request runs:
 * each exit's whole path on the device, and the final exit's prefix and suffix at a quarter, half
 * and three quarters of its cuts. Engines and ONNX Runtime alternate in paired batches, so the
 * ratios come from one run on this shared machine.
 */
final class EngineBench {
    private final LoadedModel model;
    private final double scale;

    EngineBench(Path repo, double scale) {
        this.model = LoadedModel.read(repo.resolve("models/b-alexnet/b-alexnet.onnx"));
        this.scale = scale;
    }

    /** The segments timed, by label, with the input each takes. */
    private Map<String, SegmentKey> segments() {
        Map<String, SegmentKey> out = new LinkedHashMap<>();
        for (Exit e : model.description().exits()) {
            out.put("exit " + e.number() + " whole", new SegmentKey(model.id(), e.number(), 0, e.layers()));
        }
        Exit last = model.description().finalExit();
        for (int q = 1; q <= 3; q++) {
            int cut = last.layers() * q / 4;
            out.put("exit " + last.number() + " prefix to cut " + cut, new SegmentKey(model.id(), last.number(), 0, cut));
            out.put("exit " + last.number() + " suffix from cut " + cut, new SegmentKey(model.id(), last.number(), cut, last.layers()));
        }
        return out;
    }

    List<Row> run() throws Exception {
        InferenceBackend ort = new OrtBackend(new BackendConfig(1, 1));
        Map<String, InferenceBackend> engines = new LinkedHashMap<>();
        engines.put("tensorflow", new TfBackend(ComponentConfigs.of(TfBackend.Config.class, Map.of()),
                System.getProperty("coinfer.tensorflow.natives")));
        engines.put("djl", new DjlBackend(ComponentConfigs.of(DjlBackend.Config.class, Map.of())));
        Tensor image = Inputs.zeros(model.description().input());
        List<Row> rows = new ArrayList<>();
        int rounds = Math.max(10, (int) (60 * scale));
        for (Map.Entry<String, InferenceBackend> engine : engines.entrySet()) {
            double logSum = 0;
            int n = 0;
            for (Map.Entry<String, SegmentKey> s : segments().entrySet()) {
                SegmentKey key = s.getValue();
                // A suffix takes the tensor at its cut, as the edge receives it.
                Tensor in = key.fromCut() == 0 ? image
                        : Segments.run(ort, model, new SegmentKey(model.id(), key.exit(), 0, key.fromCut()), image);
                Paired.Work theirs = () -> Segments.run(ort, model, key, in);
                Paired.Work ours = () -> Segments.run(engine.getValue(), model, key, in);
                Paired.warm(theirs, 200_000_000L);
                Paired.warm(ours, 200_000_000L);
                int batch = Paired.batchSize(theirs, 10_000_000L);
                Paired.Result r = Paired.compare(ours, theirs, batch, rounds);
                System.out.printf(Locale.ROOT, "  %-10s %-32s %8.3f ms vs %8.3f ms: %.2fx (IQR %.2f-%.2f)%n", engine.getKey(), s.getKey(),
                        r.aNanos() / 1e6, r.bNanos() / 1e6, r.ratio(), r.ratioQ1(), r.ratioQ3());
                rows.add(Row.info(engine.getKey() + " / onnxruntime, B-AlexNet " + s.getKey(), r.ratio(), "x",
                        String.format(Locale.ROOT, "%.3f vs %.3f ms, median of %d paired batches", r.aNanos() / 1e6, r.bNanos() / 1e6, rounds)));
                logSum += Math.log(r.ratio());
                n++;
                engine.getValue().unload(key);
                ort.unload(key);
            }
            double geo = Math.exp(logSum / n);
            rows.add(Row.info(engine.getKey() + " / onnxruntime, geometric mean over " + n + " segments", geo, "x", "latency per segment"));
        }
        return rows;
    }
}
