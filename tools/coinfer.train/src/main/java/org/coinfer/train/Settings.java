package org.coinfer.train;

/** What a training run was asked to do; recorded in the manifest so the model can be reproduced. */
public record Settings(int epochs, int batch, float learningRate, float finalLearningRate, int seed, int trainLimit,
        float[] lossWeights, int logEvery) {
    public Settings {
        if (epochs < 1 || batch < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("epochs, batch and learning rate must be positive");
        }
        if (!(finalLearningRate > 0) || finalLearningRate > learningRate) {
            throw new IllegalArgumentException("final learning rate must be positive and at most the learning rate "
                    + learningRate + "; found " + finalLearningRate);
        }
        lossWeights = lossWeights.clone();
    }
}
