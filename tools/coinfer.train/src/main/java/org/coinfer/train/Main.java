package org.coinfer.train;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coinfer-train}: trains B-AlexNet on Fashion-MNIST and writes OUT/b-alexnet.onnx + .json. */
@Command(name = "coinfer-train", mixinStandardHelpOptions = true,
        description = "Train the 5-exit B-AlexNet on Fashion-MNIST (DJL, PyTorch CPU, offline) and export it to ONNX with a manifest.")
public final class Main implements Callable<Integer> {
    @Option(names = "--epochs", description = "passes over the training set (default ${DEFAULT-VALUE})")
    int epochs = 6;

    @Option(names = "--batch", description = "mini-batch size (default ${DEFAULT-VALUE})")
    int batch = 64;

    @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE})")
    float lr = 1e-3f;

    // Decaying to a small rate lets the deep exit settle; the shallow side exits hardly need it.
    @Option(names = "--lr-final", description = "learning rate at the last step; cosine decay from --lr (default ${DEFAULT-VALUE})")
    float lrFinal = 1e-5f;

    @Option(names = "--seed", description = "seed for initialisation, dropout and shuffling (default ${DEFAULT-VALUE})")
    int seed = 42;

    @Option(names = "--train-limit", description = "train on the first N images only; 0 = all 60,000 (default ${DEFAULT-VALUE})")
    int trainLimit;

    @Option(names = "--test-limit", description = "measure on the first N test images only; 0 = all 10,000 (default ${DEFAULT-VALUE})")
    int testLimit;

    // The final exit carries the accuracy target and the side exits are there to be cheap, so it weighs most.
    @Option(names = "--loss-weights", description = "joint-loss weight per exit, earliest first (default ${DEFAULT-VALUE})")
    String lossWeights = "0.3,0.3,0.3,0.3,1";

    @Option(names = "--log-every", description = "progress line every N batches when not on a terminal (default ${DEFAULT-VALUE})")
    int logEvery = 100;

    @Option(names = "--data", description = "folder with the Fashion-MNIST IDX .gz files (default ${DEFAULT-VALUE})")
    Path data = FashionMnist.DEFAULT_DIR;

    @Option(names = "--out", description = "output folder for ID.onnx and ID.json (default ${DEFAULT-VALUE})")
    Path out = Path.of(".");

    @Option(names = "--id", description = "model id and file name (default ${DEFAULT-VALUE})")
    String id = "b-alexnet";

    public static void main(String[] args) {
        Djl.offline();
        CommandLine cli = new CommandLine(new Main());
        // A missing data set or a failed export check is a one-line error, not a stack trace.
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("coinfer-train: " + e.getMessage());
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        float[] weights = JointLoss.parseWeights(lossWeights, 5);
        Settings s = new Settings(epochs, batch, lr, lrFinal, seed, trainLimit, weights, logEvery);
        new TrainRun(s, data, out, id, testLimit, System.out).run();
        return 0;
    }
}
