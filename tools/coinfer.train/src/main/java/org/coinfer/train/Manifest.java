package org.coinfer.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coinfer.model.json.JsonWriter;

/**
 * The JSON that travels with the ONNX file: what to feed it, what each exit is called and how
 * accurate it measured, and how it was trained (so the model can be reproduced and checked).
 */
final class Manifest {
    private Manifest() {
    }

    static String json(String id, String arch, String onnxFile, String sha256, List<String> exits, ExportCheck.Result check,
            Settings s, int trainImages, double trainSeconds, int skippedBatches) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("format", "onnx");
        m.put("file", onnxFile);
        m.put("sha256", sha256);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "input");
        input.put("shape", List.of(-1, 1, FashionMnist.SIDE, FashionMnist.SIDE));
        input.put("dtype", "float32");
        input.put("preprocessing", FashionMnist.PREPROCESSING);
        m.put("input", input);
        m.put("labels", Architectures.FASHION_LABELS);
        List<Object> ex = new ArrayList<>();
        for (int i = 0; i < exits.size(); i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", exits.get(i));
            e.put("output", exits.get(i));
            e.put("accuracy", check.accuracy()[i]);
            ex.add(e);
        }
        m.put("exits", ex);
        m.put("accuracyMeasuredOn", "Fashion-MNIST test set (t10k), first " + check.images()
                + " images, top-1, ONNX Runtime on this file");
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("tool", "coinfer.train (DJL 0.36.0, PyTorch 2.7.1 CPU)");
        t.put("architecture", arch);
        t.put("dataset", "Fashion-MNIST train, first " + trainImages + " images");
        t.put("seed", s.seed());
        t.put("epochs", s.epochs());
        t.put("batch", s.batch());
        t.put("optimizer", "adam");
        t.put("learningRate", exact(s.learningRate()));
        t.put("finalLearningRate", exact(s.finalLearningRate()));
        t.put("learningRateSchedule", "cosine decay over all steps");
        t.put("clipGrad", exact(s.clipGrad()));
        List<Object> w = new ArrayList<>();
        for (float f : s.lossWeights()) {
            w.add(exact(f));
        }
        t.put("lossWeights", w);
        t.put("loss", "sum of lossWeights[i] * softmax cross-entropy of exit i");
        t.put("seconds", Math.round(trainSeconds));
        t.put("batchesSkippedForNonFiniteLoss", skippedBatches);
        m.put("training", t);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("images", check.images());
        c.put("maxAbsLogitDiff", check.maxAbsDiff());
        c.put("tolerance", ExportCheck.TOLERANCE);
        m.put("exportCheck", c);
        return JsonWriter.write(m);
    }

    /** The float as typed (0.001, not 0.0010000000474974513). */
    private static double exact(float f) {
        return Double.parseDouble(Float.toString(f));
    }
}
