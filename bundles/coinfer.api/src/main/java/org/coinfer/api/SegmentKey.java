package org.coinfer.api;

/** Names one segment of a model: the layers {@code fromCut+1 .. toCut} of an exit's path. */
public record SegmentKey(String modelId, int exit, int fromCut, int toCut) {
    public SegmentKey {
        if (fromCut < 0 || toCut <= fromCut) {
            throw new IllegalArgumentException("segment of model " + modelId + " exit " + exit
                    + " needs 0 <= fromCut < toCut, found " + fromCut + ".." + toCut);
        }
    }
}
