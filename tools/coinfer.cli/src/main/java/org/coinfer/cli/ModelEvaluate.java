package org.coinfer.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.coinfer.api.Exit;
import org.coinfer.api.Tensor;
import org.coinfer.model.IdxDataset;
import org.coinfer.model.LoadedModel;
import org.coinfer.model.ModelManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Measures each exit's top-1 accuracy on labelled IDX images and writes it into the manifest. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure each exit's top-1 accuracy (Fashion-MNIST test set by default) and write it into the manifest.")
final class ModelEvaluate implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.onnx", description = "The multi-exit ONNX model.")
    Path file;

    @Option(names = "--manifest", required = true, paramLabel = "M.json", description = "The model's manifest; its accuracies are replaced.")
    Path manifest;

    @Option(names = "--images", paramLabel = "IDX", description = "IDX image file (plain or .gz); default: Fashion-MNIST t10k.")
    Path images;

    @Option(names = "--labels", paramLabel = "IDX", description = "IDX label file matching --images.")
    Path labels;

    @Override
    public Integer call() throws Exception {
        Main.existing(file);
        Main.existing(manifest);
        if ((images == null) != (labels == null)) {
            throw new IllegalArgumentException("--images and --labels go together");
        }
        byte[] onnx = Files.readAllBytes(file);
        String text = Files.readString(manifest);
        LoadedModel model = LoadedModel.of(ModelManifest.parse(text, manifest.toString()), onnx, file.toString(), manifest.toString());
        IdxDataset data = images == null ? IdxDataset.fashionMnistTest() : IdxDataset.read(images, labels);
        double[] accuracy = measure(model, onnx, data);
        Files.writeString(manifest, ModelManifest.withAccuracies(text, manifest.toString(), accuracy));
        List<Exit> exits = model.description().exits();
        for (int i = 0; i < exits.size(); i++) {
            System.out.printf(Locale.ROOT, "exit %d %-10s accuracy %.4f%n", i + 1, exits.get(i).output(), accuracy[i]);
        }
        System.out.println("wrote the accuracies into " + manifest);
        return 0;
    }

    /** One run per image fetches every exit's scores; progress every 1,000 images. */
    private static double[] measure(LoadedModel model, byte[] onnx, IdxDataset data) throws Exception {
        List<Exit> exits = model.description().exits();
        int[] correct = new int[exits.size()];
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx, new OrtSession.SessionOptions())) {
            for (int i = 0; i < data.size(); i++) {
                Tensor img = data.image(i);
                try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(img.toFloats()), img.shape());
                     OrtSession.Result r = s.run(Map.of(model.description().input().name(), in))) {
                    for (int e = 0; e < exits.size(); e++) {
                        OnnxTensor out = (OnnxTensor) r.get(exits.get(e).output()).orElseThrow();
                        float[] scores = new float[(int) out.getInfo().getNumElements()];
                        out.getFloatBuffer().get(scores);
                        correct[e] += IdxDataset.argmax(Tensor.ofFloats(new long[] {scores.length}, scores)) == data.label(i) ? 1 : 0;
                    }
                }
                if ((i + 1) % 1000 == 0 || i + 1 == data.size()) {
                    System.err.printf(Locale.ROOT, "\revaluated %d/%d images", i + 1, data.size());
                }
            }
        }
        System.err.println();
        double[] acc = new double[correct.length];
        for (int e = 0; e < acc.length; e++) {
            acc[e] = (double) correct[e] / data.size();
        }
        return acc;
    }
}
