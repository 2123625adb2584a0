package org.coinfer.api;

/**
 * Asks the edge to finish a request: run the path of {@code exit} from {@code cut} to its
 * output on {@code tensor}, the tensor at that cut.
 *
 * @param contentHash {@link ModelDescription#contentHash()} of the model the device planned
 *     with; the edge refuses the request when its model of that id has other content. Empty:
 *     not checked.
 */
public record InferenceRequest(long id, String modelId, String contentHash, int exit, int cut, Tensor tensor) {
    public InferenceRequest {
        contentHash = contentHash == null ? "" : contentHash;
    }
}
