package org.coinfer.backend.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.onnx.OnnxGraph;
import org.coinfer.testing.Certificates;

/**
 * A backend's split execution against a reference backend's whole execution: for every exit of a
 * model and every cut on the way to it, the prefix up to the cut and then the suffix after it run
 * on the backend under test, and the result must equal the reference's output of the whole exit.
 */
public final class SplitEquivalence {
    public static final double TOLERANCE = 1e-4;

    private SplitEquivalence() {
    }

    /** The shipped B-AlexNet and the committed PyTorch exports, from the checkout. */
    public static List<Path> shippedModels() {
        Path root = Certificates.projectRoot();
        List<Path> out = new ArrayList<>(List.of(root.resolve("models/b-alexnet/b-alexnet.onnx")));
        try (Stream<Path> s = Files.list(root.resolve("bundles/coinfer.onnx/src/test/resources/torch"))) {
            s.filter(p -> p.toString().endsWith(".onnx")).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A seeded input of the model's input shape at batch 1. */
    public static Tensor input(OnnxGraph g, long seed) {
        long[] shape = g.input().shape();
        if (shape.length > 0 && shape[0] < 0) {
            shape[0] = 1;
        }
        Random r = new Random(seed);
        float[] v = new float[Math.toIntExact(Tensor.elementCount(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.ofFloats(shape, v);
    }

    /**
     * Checks every cut of every exit; returns how many split executions were compared.
     *
     * @throws AssertionError naming model, exit and cut at the first difference beyond {@link #TOLERANCE}
     */
    public static int check(InferenceBackend backend, InferenceBackend reference, Path model) throws InferenceException {
        byte[] bytes = read(model);
        String name = model.getFileName().toString();
        OnnxGraph g = OnnxGraph.parse(bytes, name);
        Tensor x = input(g, name.hashCode());
        int compared = 0;
        for (int e = 0; e < g.outputs().size(); e++) {
            String exit = g.outputs().get(e);
            List<String> cuts = g.cutPoints(exit);
            int last = cuts.size() - 1;
            Tensor expected = run(reference, new SegmentKey(name, e, 0, last), g.extract(cuts.get(0), exit), x);
            for (int c = 0; c <= last; c++) {
                Tensor mid = c == 0 ? x : run(backend, new SegmentKey(name, e, 0, c), g.extract(cuts.get(0), cuts.get(c)), x);
                Tensor out = c == last ? mid : run(backend, new SegmentKey(name, e, c, last), g.extract(cuts.get(c), exit), mid);
                double d = out.maxAbsDifference(expected);
                if (!(d <= TOLERANCE)) {
                    throw new AssertionError(name + " exit " + e + " (" + exit + ") cut " + c + " (" + cuts.get(c) + ") on "
                            + backend.engine() + ": differs from " + reference.engine() + " by " + d + " (" + out + " vs " + expected + ")");
                }
                compared++;
            }
        }
        return compared;
    }

    private static Tensor run(InferenceBackend b, SegmentKey key, byte[] segment, Tensor in) throws InferenceException {
        b.load(key, segment);
        try {
            return b.infer(key, in);
        } finally {
            b.unload(key);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
