package org.coinfer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.coinfer.api.DType;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.Tensor;
import org.coinfer.api.TensorSpec;
import org.coinfer.model.Inputs;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.SplitCheck;
import org.coinfer.model.json.JsonWriter;
import org.coinfer.onnx.OnnxGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Loads a model as a container would, then for each exit finds its cut points and checks that
 * running the graph split at every cut (prefix segment, then suffix segment) on the chosen engine
 * gives the whole graph's output on ONNX Runtime.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "List each exit's cut points and compare split with whole execution at every cut on random input.")
final class ModelCheck implements Callable<Integer> {
    static final double TOLERANCE = 1e-4;

    @Parameters(paramLabel = "FILE.onnx", description = "The ONNX model.")
    Path file;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--backend", paramLabel = "ENGINE", defaultValue = "onnxruntime",
            description = "Engine that runs the split segments: onnxruntime (default), tensorflow or djl; the whole model always runs on onnxruntime.")
    String backend;

    record ExitCheck(String output, List<String> cuts, double maxAbsDiff) {
    }

    @Override
    public Integer call() throws Exception {
        byte[] bytes = Files.readAllBytes(Main.existing(file));
        // What a container does with the file: a model it would refuse (e.g. a cut of unknown size) fails here too.
        OnnxGraph graph = LoadedModel.of("check", bytes, file.toString(), List.of()).graph();
        TensorSpec spec = graph.input();
        if (spec.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(file + ": input '" + spec.name() + "' is " + spec.dtype() + "; model check feeds FLOAT32 inputs");
        }
        if (graph.outputs().stream().allMatch(o -> graph.cutPoints(o).size() <= 2)) {
            throw new IllegalArgumentException(file + ": no usable cut: no tensor between the input and any output separates the graph");
        }
        long[] shape = Inputs.batchOne(spec);
        float[] x = new float[Math.toIntExact(Tensor.elementCount(shape))];
        Random r = new Random(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        InferenceBackend engine = Backends.create(backend);
        InferenceBackend reference = backend.equals("onnxruntime") ? engine : Backends.create("onnxruntime");
        List<ExitCheck> exits = SplitCheck.run(engine, reference, graph, Tensor.ofFloats(shape, x)).stream()
                .map(e -> new ExitCheck(e.output(), e.cuts(), e.maxAbsDiff())).toList();
        double worst = exits.stream().mapToDouble(ExitCheck::maxAbsDiff).max().orElse(0);
        System.out.println(json ? json(exits, worst) : text(exits, worst, backend));
        return worst <= TOLERANCE ? 0 : 1;
    }

    static String text(List<ExitCheck> exits, double worst, String backend) {
        StringBuilder sb = new StringBuilder();
        for (ExitCheck e : exits) {
            sb.append(String.format(Locale.ROOT, "exit %s: %d cuts, max |split - whole| = %.3g%n", e.output(), e.cuts().size(), e.maxAbsDiff()));
            sb.append("  cuts: ").append(String.join(", ", e.cuts())).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "split on %s against whole on onnxruntime: max abs diff %.3g (%s, tolerance %.0e)",
                backend, worst, worst <= TOLERANCE ? "ok" : "FAILED", TOLERANCE));
        return sb.toString();
    }

    static String json(List<ExitCheck> exits, double worst) {
        List<Object> list = exits.stream().<Object>map(e -> ordered("output", e.output(), "cuts", e.cuts(), "maxAbsDiff", e.maxAbsDiff())).toList();
        return JsonWriter.compact(ordered("exits", list, "maxAbsDiff", worst));
    }

    /** A map that keeps its keys in the order given, as the JSON is read by people too. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
