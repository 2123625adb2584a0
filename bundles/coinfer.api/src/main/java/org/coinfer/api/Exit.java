package org.coinfer.api;

import java.util.List;

/**
 * One exit of a multi-exit model.
 *
 * @param number 1 for the earliest exit, up to the model's final exit
 * @param output the ONNX output name that holds this exit's class scores
 * @param accuracy measured top-1 accuracy in [0, 1], or NaN when not measured
 * @param cuts the cut points on this exit's path, from the input (cut 0) to the output
 */
public record Exit(int number, String output, double accuracy, List<CutPoint> cuts) {
    public Exit {
        cuts = List.copyOf(cuts);
        if (cuts.size() < 2) {
            throw new IllegalArgumentException("exit " + output + " needs at least the input and output cut, found " + cuts.size());
        }
    }

    /** Number of segments on the path, so also the device-only cut. */
    public int layers() {
        return cuts.size() - 1;
    }

    public CutPoint cut(int index) {
        return cuts.get(index);
    }
}
