package org.coinfer.train;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coinfer-train}: trains a multi-exit network on Fashion-MNIST and writes OUT/ID.onnx + OUT/ID.json. */
@Command(name = "coinfer-train", mixinStandardHelpOptions = true,
        description = "Train a multi-exit network (default: the 5-exit B-AlexNet) on Fashion-MNIST (DJL, PyTorch CPU, offline) "
                + "and export it to ONNX with a manifest.")
public final class Main implements Callable<Integer> {
    @Option(names = "--arch", description = "architecture: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})",
            completionCandidates = ArchNames.class)
    String arch = "b-alexnet";

    @Option(names = "--epochs", description = "passes over the training set (default ${DEFAULT-VALUE})")
    int epochs = 6;

    @Option(names = "--batch", description = "mini-batch size (default ${DEFAULT-VALUE})")
    int batch = 64;

    @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE})")
    float lr = 1e-3f;

    // Decaying to a small rate lets the deep exit settle; the shallow side exits hardly need it.
    @Option(names = "--lr-final", description = "learning rate at the last step; cosine decay from --lr (default ${DEFAULT-VALUE})")
    float lrFinal = 1e-5f;

    // A rare large gradient late in training, when the rate is small, must not throw the weights off.
    @Option(names = "--clip-grad", description = "clip every gradient element to [-C, C] before the Adam step; 0 = off (default ${DEFAULT-VALUE})")
    float clipGrad = 1f;

    @Option(names = "--seed", description = "seed for initialisation, dropout and shuffling (default ${DEFAULT-VALUE})")
    int seed = 42;

    @Option(names = "--train-limit", description = "train on the first N images only; 0 = all 60,000 (default ${DEFAULT-VALUE})")
    int trainLimit;

    @Option(names = "--test-limit", description = "measure on the first N test images only; 0 = all 10,000 (default ${DEFAULT-VALUE})")
    int testLimit;

    @Option(names = "--loss-weights", description = "joint-loss weight per exit, earliest first (default 0.3 per side exit, 1 for the final)")
    String lossWeights;

    @Option(names = "--log-every", description = "progress line every N batches when not on a terminal (default ${DEFAULT-VALUE})")
    int logEvery = 100;

    @Option(names = "--data", description = "folder with the Fashion-MNIST IDX .gz files (default ${DEFAULT-VALUE})")
    Path data = FashionMnist.DEFAULT_DIR;

    @Option(names = "--out", description = "output folder for ID.onnx and ID.json (default ${DEFAULT-VALUE})")
    Path out = Path.of(".");

    @Option(names = "--id", description = "model id and file name (default: the architecture's name)")
    String id;

    /** The architecture names for --help. */
    static final class ArchNames extends java.util.TreeSet<String> {
        private static final long serialVersionUID = 1L;

        ArchNames() {
            super(Architectures.BY_NAME.keySet());
        }
    }

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
        int exits = Architectures.byName(arch).exits().size();
        float[] weights = lossWeights == null ? JointLoss.defaultWeights(exits) : JointLoss.parseWeights(lossWeights, exits);
        Settings s = new Settings(epochs, batch, lr, lrFinal, clipGrad, seed, trainLimit, weights, logEvery);
        new TrainRun(s, arch, data, out, id == null ? arch : id, testLimit, System.out).run();
        return 0;
    }
}
