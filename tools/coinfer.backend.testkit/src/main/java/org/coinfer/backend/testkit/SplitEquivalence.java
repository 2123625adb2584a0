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
import org.coinfer.api.Tensor;
import org.coinfer.model.Inputs;
import org.coinfer.model.SplitCheck;
import org.coinfer.onnx.OnnxGraph;
import org.coinfer.testing.Certificates;

/**
 * {@link SplitCheck} as a test: a backend's split execution must equal the reference backend's
 * whole execution within {@link #TOLERANCE} at every cut of every exit of the shipped models.
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

    /**
     * Checks every cut of every exit of {@code model}; returns how many split executions were compared.
     *
     * @throws AssertionError naming model, exit and cut where the difference exceeds {@link #TOLERANCE}
     */
    public static int check(InferenceBackend backend, InferenceBackend reference, Path model) throws InferenceException {
        OnnxGraph g;
        try {
            g = OnnxGraph.parse(Files.readAllBytes(model), model.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + model, e);
        }
        int compared = 0;
        for (SplitCheck.ExitResult r : SplitCheck.run(backend, reference, g, input(g, g.source().hashCode()))) {
            if (!(r.maxAbsDiff() <= TOLERANCE)) {
                throw new AssertionError(g.source() + " exit " + r.output() + " cut " + r.worstCut() + " ("
                        + r.cuts().get(r.worstCut()) + ") on " + backend.engine() + ": differs from " + reference.engine()
                        + " by " + r.maxAbsDiff());
            }
            compared += r.cuts().size();
        }
        return compared;
    }

    /** A seeded Gaussian input of the model's input shape at batch 1. */
    public static Tensor input(OnnxGraph g, long seed) {
        long[] shape = Inputs.batchOne(g.input());
        Random r = new Random(seed);
        float[] v = new float[Math.toIntExact(Tensor.elementCount(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.ofFloats(shape, v);
    }
}
