package org.coinfer.api;

/**
 * A place where an exit's path may be split: the tensor every path from the input to the exit
 * passes through. Cut 0 is the model input itself; the last cut is the exit's output.
 *
 * @param index position on the exit's path, 0 for the input
 * @param tensor the ONNX value name of the tensor at this cut
 * @param bytes size of that tensor for one input (batch 1)
 */
public record CutPoint(int index, String tensor, long bytes) {
}
