package org.coinfer.train;

/** What a training run was asked to do; recorded in the manifest so the model can be reproduced. */
public record Settings(int epochs, int batch, float learningRate, int seed, int trainLimit, float[] lossWeights, int logEvery) {
    public Settings {
        if (epochs < 1 || batch < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("epochs, batch and learning rate must be positive");
        }
        lossWeights = lossWeights.clone();
    }
}
