package org.coinfer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;

/**
 * Trains a {@link BranchyNet} on 28x28 grey images with the joint loss and Adam, on the CPU.
 * Deterministic order: the engine's random seed (initialisation, dropout) and the shuffle's
 * {@link Random} both come from {@link Settings#seed()}.
 */
public final class MultiExitTrainer implements AutoCloseable {
    private static final Shape IMAGE = new Shape(1, 1, FashionMnist.SIDE, FashionMnist.SIDE);
    private static final int EVAL_BATCH = 500;
    static final int MAX_NON_FINITE_IN_A_ROW = 5;

    private final BranchyNet net;
    private final Settings settings;
    private final Model model;
    private final Trainer trainer;
    private final Random shuffle;
    private int skipped;
    private int nonFiniteInARow;

    /** {@code trainImages}: images per epoch, which with the batch size fixes the learning-rate schedule's length. */
    public MultiExitTrainer(BranchyNet net, Settings settings, int trainImages) {
        Djl.offline();
        this.net = net;
        this.settings = settings;
        if (settings.lossWeights().length != net.exits().size()) {
            throw new IllegalArgumentException(net.exits().size() + " exits but " + settings.lossWeights().length + " loss weights");
        }
        Engine.getInstance().setRandomSeed(settings.seed());
        model = Model.newInstance("branchynet", Device.cpu());
        model.setBlock(net);
        // He-normal weights (std sqrt(2 / fan-in)) suit the ReLU backbone; biases start at zero.
        DefaultTrainingConfig config = new DefaultTrainingConfig(new JointLoss(settings.lossWeights()))
                .optDevices(new Device[] {Device.cpu()})
                .optInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                        Parameter.Type.WEIGHT)
                .optOptimizer(adam(settings, trainImages));
        trainer = model.newTrainer(config);
        trainer.initialize(IMAGE);
        shuffle = new Random(settings.seed());
    }

    private static Optimizer adam(Settings s, int trainImages) {
        var adam = Optimizer.adam().optLearningRateTracker(schedule(s, trainImages));
        return (s.clipGrad() > 0 ? adam.optClipGrad(s.clipGrad()) : adam).build();
    }

    /** Cosine decay from the learning rate to the final one over every step of the run. */
    static Tracker schedule(Settings s, int trainImages) {
        int steps = s.epochs() * ((trainImages + s.batch() - 1) / s.batch());
        return Tracker.cosine().setBaseValue(s.learningRate()).optFinalValue(s.finalLearningRate()).setMaxUpdates(steps).build();
    }

    /** Batches left out so far because their loss was not finite. */
    public int skippedBatches() {
        return skipped;
    }

    public BranchyNet net() {
        return net;
    }

    /** One pass over {@code data} in a freshly shuffled order; returns the mean joint loss. */
    public double epoch(int epoch, FashionMnist data, Progress progress) {
        int[] order = data.identity();
        for (int i = order.length - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int batch = settings.batch();
        int batches = (order.length + batch - 1) / batch;
        for (int b = 0; b < batches; b++) {
            int from = b * batch;
            int to = Math.min(order.length, from + batch);
            float[] labels = data.labels(order, from, to);
            // Everything a step allocates lives in this sub-manager and dies with it.
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray x = images(m, data, order, from, to);
                NDArray y = m.create(labels);
                float loss;
                int[] correct;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList preds = trainer.forward(new NDList(x));
                    NDArray l = trainer.getLoss().evaluate(new NDList(y), preds);
                    loss = l.getFloat();
                    if (!Float.isFinite(loss)) {
                        // No step on it: one non-finite gradient would poison every weight. Now and
                        // then libtorch's CPU forward gives a NaN from finite weights; many in a row is divergence.
                        skipped++;
                        if (++nonFiniteInARow >= MAX_NON_FINITE_IN_A_ROW) {
                            throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                                    "training diverged: joint loss %s for %d batches in a row, up to epoch %d, batch %d of %d; "
                                            + "nothing was written. Try a smaller --lr or --clip-grad",
                                    loss, nonFiniteInARow, epoch, b + 1, batches));
                        }
                        progress.skipped(epoch, b + 1, batches, loss);
                        continue;
                    }
                    nonFiniteInARow = 0;
                    gc.backward(l);
                    correct = correct(preds, labels);
                }
                trainer.step();
                progress.batch(epoch, b + 1, batches, loss, to - from, correct);
            }
        }
        return progress.meanLoss();
    }

    /** Inference-mode logits (dropout off) of the first {@code limit} images, all exits. */
    public ExitLogits predict(FashionMnist data, int limit) {
        int n = limit > 0 ? Math.min(limit, data.size()) : data.size();
        int exits = net.exits().size();
        float[][] logits = new float[exits][n * 10];
        int[] order = data.identity();
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int to = Math.min(n, from + EVAL_BATCH);
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray x = images(m, data, order, from, to);
                NDList preds = trainer.evaluate(new NDList(x));
                for (int e = 0; e < exits; e++) {
                    float[] v = preds.get(e).toFloatArray();
                    System.arraycopy(v, 0, logits[e], from * 10, v.length);
                }
            }
        }
        return new ExitLogits(logits, 10);
    }

    /** Images {@code order[from..to)} as one {@code [to-from, 1, SIDE, SIDE]} array of {@code m}. */
    private static NDArray images(NDManager m, FashionMnist data, int[] order, int from, int to) {
        return m.create(data.images(order, from, to), new Shape(to - from, 1, FashionMnist.SIDE, FashionMnist.SIDE));
    }

    private static int[] correct(NDList preds, float[] labels) {
        int[] ok = new int[preds.size()];
        for (int e = 0; e < ok.length; e++) {
            long[] predicted = preds.get(e).argMax(1).toLongArray();
            for (int i = 0; i < predicted.length; i++) {
                if (predicted[i] == (long) labels[i]) {
                    ok[e]++;
                }
            }
        }
        return ok;
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
