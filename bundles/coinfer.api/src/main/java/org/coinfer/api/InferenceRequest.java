package org.coinfer.api;

/**
 * Asks the edge to finish a request: run the path of {@code exit} from {@code cut} to its
 * output on {@code tensor}, the tensor at that cut.
 */
public record InferenceRequest(long id, String modelId, int exit, int cut, Tensor tensor) {
}
