package org.coinfer.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import org.coinfer.api.DType;
import org.coinfer.api.TensorSpec;
import org.coinfer.model.Inputs;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.json.JsonWriter;
import org.coinfer.onnx.OnnxGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Loads a model as a container would, then for each exit finds its cut points and checks that
 * running the graph split at every cut (prefix segment, then suffix segment) gives the whole
 * graph's output.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "List each exit's cut points and compare split with whole execution at every cut on random input.")
final class ModelCheck implements Callable<Integer> {
    static final double TOLERANCE = 1e-4;

    @Parameters(paramLabel = "FILE.onnx", description = "The ONNX model.")
    Path file;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

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
        long[] shape = Inputs.batchOne(spec);
        float[] x = new float[Math.toIntExact(org.coinfer.api.Tensor.elementCount(shape))];
        Random r = new Random(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        List<ExitCheck> exits = new ArrayList<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, List<String>> cutsByOutput = new java.util.LinkedHashMap<>();
        graph.outputs().forEach(o -> cutsByOutput.put(o, graph.cutPoints(o)));
        if (cutsByOutput.values().stream().allMatch(c -> c.size() <= 2)) {
            throw new IllegalArgumentException(file + ": no usable cut: no tensor between the input and any output separates the graph");
        }
        for (Map.Entry<String, List<String>> entry : cutsByOutput.entrySet()) {
            String output = entry.getKey();
            List<String> cuts = entry.getValue();
            float[] whole = run(env, bytes, spec.name(), x, shape, output).values();
            double worst = 0;
            for (int c = 1; c < cuts.size() - 1; c++) {
                Segment prefix = run(env, graph.extract(cuts.get(0), cuts.get(c)), spec.name(), x, shape, cuts.get(c));
                Segment split = run(env, graph.extract(cuts.get(c), output), cuts.get(c), prefix.values(), prefix.shape(), output);
                worst = Math.max(worst, maxAbsDiff(whole, split.values()));
            }
            exits.add(new ExitCheck(output, cuts, worst));
        }
        double worst = exits.stream().mapToDouble(ExitCheck::maxAbsDiff).max().orElse(0);
        System.out.println(json ? json(exits, worst) : text(exits, worst));
        return worst <= TOLERANCE ? 0 : 1;
    }

    private record Segment(float[] values, long[] shape) {
    }

    /** Runs a model (whole or a segment) and returns one named output. */
    private static Segment run(OrtEnvironment env, byte[] model, String inputName, float[] x, long[] shape, String output)
            throws OrtException {
        try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
             OrtSession.Result res = s.run(Map.of(inputName, in), Set.of(output))) {
            OnnxTensor t = (OnnxTensor) res.get(output).orElseThrow(() -> new IllegalStateException("no output " + output));
            return new Segment(floats(t), t.getInfo().getShape());
        }
    }

    private static float[] floats(OnnxTensor t) {
        FloatBuffer b = t.getFloatBuffer();
        float[] v = new float[b.remaining()];
        b.get(v);
        return v;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    static String text(List<ExitCheck> exits, double worst) {
        StringBuilder sb = new StringBuilder();
        for (ExitCheck e : exits) {
            sb.append(String.format(Locale.ROOT, "exit %s: %d cuts, max |split - whole| = %.3g%n", e.output(), e.cuts().size(), e.maxAbsDiff()));
            sb.append("  cuts: ").append(String.join(", ", e.cuts())).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "max abs diff %.3g (%s, tolerance %.0e)", worst, worst <= TOLERANCE ? "ok" : "FAILED", TOLERANCE));
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
