package org.coinfer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;

/**
 * BranchyNet's joint loss: {@code sum_i w_i * CE(softmax(logits_i), label)}, each cross-entropy
 * averaged over the batch. One label array serves every exit.
 */
public final class JointLoss extends Loss {
    private final float[] weights;
    private final Loss crossEntropy = new SoftmaxCrossEntropyLoss("ce");

    public JointLoss(float[] weights) {
        super("joint");
        this.weights = weights.clone();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (predictions.size() != weights.length) {
            throw new IllegalArgumentException(predictions.size() + " exits but " + weights.length + " loss weights");
        }
        NDArray total = null;
        for (int i = 0; i < weights.length; i++) {
            NDArray term = crossEntropy.evaluate(labels, new NDList(predictions.get(i))).mul(weights[i]);
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    /** Parses {@code "1,1,1,1,1"}; the count must match the network's exits. */
    /**
     * The default: 0.3 for each side exit and 1 for the final exit, which carries the accuracy
     * target; the side exits together still train the shared early layers.
     */
    public static float[] defaultWeights(int exits) {
        float[] w = new float[exits];
        java.util.Arrays.fill(w, 0.3f);
        w[exits - 1] = 1f;
        return w;
    }

    public static float[] parseWeights(String csv, int exits) {
        String[] parts = csv.split(",");
        if (parts.length != exits) {
            throw new IllegalArgumentException("--loss-weights needs " + exits + " values, got " + parts.length + ": " + csv);
        }
        float[] w = new float[exits];
        for (int i = 0; i < exits; i++) {
            w[i] = Float.parseFloat(parts[i].trim());
            if (!(w[i] >= 0)) {
                throw new IllegalArgumentException("loss weights must be >= 0: " + csv);
            }
        }
        return w;
    }
}
