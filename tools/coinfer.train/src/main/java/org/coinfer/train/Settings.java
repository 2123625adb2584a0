package org.coinfer.train;

/** What a training run was asked to do; recorded in the manifest so the model can be reproduced. */
public record Settings(int epochs, int batch, float learningRate, float finalLearningRate, float clipGrad, int seed,
        int trainLimit, float[] lossWeights, int logEvery) {
    public Settings {
        if (epochs < 1 || batch < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("epochs, batch and learning rate must be positive");
        }
        if (!(clipGrad >= 0)) {
            throw new IllegalArgumentException("gradient clip must be >= 0 (0 = off); found " + clipGrad);
        }
        if (!(finalLearningRate > 0) || finalLearningRate > learningRate) {
            throw new IllegalArgumentException("final learning rate must be positive and at most the learning rate "
                    + learningRate + "; found " + finalLearningRate);
        }
        lossWeights = lossWeights.clone();
    }
}
