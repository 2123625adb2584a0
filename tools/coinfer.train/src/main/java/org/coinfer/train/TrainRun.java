package org.coinfer.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Train a multi-exit network, measure every exit, export through the project's ONNX writer, check the
 * export against DJL, and only then write {@code OUT/ID.onnx} and {@code OUT/ID.json}.
 */
public final class TrainRun {
    /** Where the files went and what was measured. */
    public record Report(Path onnx, Path manifest, ExportCheck.Result check, double secondsPerEpoch) {
    }

    private final Settings settings;
    private final String arch;
    private final Path data;
    private final Path out;
    private final String id;
    private final int testLimit;
    private final PrintStream log;

    /** {@code arch}: a name of {@link Architectures#BY_NAME}. */
    public TrainRun(Settings settings, String arch, Path data, Path out, String id, int testLimit, PrintStream log) {
        this.settings = settings;
        this.arch = arch;
        this.data = data;
        this.out = out;
        this.id = id;
        this.testLimit = testLimit;
        this.log = log;
    }

    public Report run() throws Exception {
        Djl.offline();
        FashionMnist train = FashionMnist.train(data, settings.trainLimit());
        FashionMnist test = FashionMnist.test(data, testLimit);
        BranchyNet net = Architectures.byName(arch);
        List<String> exits = net.exits();
        log.printf("training %s (%s): %d train / %d test images, epochs %d, batch %d, adam lr %s cosine to %s, seed %d, loss weights %s%n",
                id, arch, train.size(), test.size(), settings.epochs(), settings.batch(), settings.learningRate(),
                settings.finalLearningRate(), settings.seed(),
                Arrays.toString(settings.lossWeights()));
        long start = System.nanoTime();
        double trainSeconds = 0;
        TrainingCurves curves = new TrainingCurves(id, exits);
        try (MultiExitTrainer trainer = new MultiExitTrainer(net, settings, train.size())) {
            ExitLogits djl = null;
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                long t0 = System.nanoTime();
                Progress p = new Progress(log, System.console() != null && log == System.out, settings.logEvery(), exits,
                        settings.epochs());
                double loss = trainer.epoch(epoch, train, p);
                double seconds = (System.nanoTime() - t0) / 1e9;
                trainSeconds += seconds;
                djl = trainer.predict(test, 0);
                double[] accuracy = djl.accuracy(test);
                log.printf("epoch %d/%d done in %.0fs: train loss %.4f, test accuracy %s%n", epoch, settings.epochs(), seconds,
                        loss, ExitLogits.format(exits, accuracy));
                if (trainer.skippedBatches() > 0) {
                    log.printf("batches skipped so far for a non-finite loss: %d%n", trainer.skippedBatches());
                }
                curves.add(epoch, seconds, loss, accuracy);
                curves.write(out);
            }
            byte[] onnx = OnnxExport.export(net, id, 1, FashionMnist.SIDE, FashionMnist.SIDE);
            ExportCheck.Result check = ExportCheck.verify(onnx, djl, exits, test);
            log.printf("export check passed: ONNX Runtime vs DJL on %d test images, max |logit diff| %.3g <= %.0e, same accuracy %s%n",
                    check.images(), check.maxAbsDiff(), ExportCheck.TOLERANCE, ExitLogits.format(exits, check.accuracy()));
            Path manifest = write(onnx, exits, check, train.size(), trainSeconds, trainer.skippedBatches());
            Path onnxFile = out.resolve(id + ".onnx");
            log.printf("wrote %s (%d bytes), %s and the training curves %s in %.0fs total%n", onnxFile, onnx.length, manifest,
                    out.resolve(id + "-training.png"), (System.nanoTime() - start) / 1e9);
            return new Report(onnxFile, manifest, check, trainSeconds / settings.epochs());
        }
    }

    /** Writes ID.onnx and ID.json; returns the manifest's path. */
    private Path write(byte[] onnx, List<String> exits, ExportCheck.Result check, int trainImages, double seconds, int skipped)
            throws IOException {
        Files.createDirectories(out);
        Path onnxFile = out.resolve(id + ".onnx");
        Path manifest = out.resolve(id + ".json");
        String json = Manifest.json(id, arch, onnxFile.getFileName().toString(), sha256(onnx), exits, check, settings, trainImages,
                seconds, skipped);
        // Temporary files then renames: a reader never sees a half-written model.
        Path tmpOnnx = out.resolve(id + ".onnx.tmp");
        Path tmpJson = out.resolve(id + ".json.tmp");
        Files.write(tmpOnnx, onnx);
        Files.writeString(tmpJson, json, StandardCharsets.UTF_8);
        Files.move(tmpOnnx, onnxFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmpJson, manifest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
