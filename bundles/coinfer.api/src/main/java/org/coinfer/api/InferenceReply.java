package org.coinfer.api;

/**
 * The edge's answer with what it cost, so the device can tell network time from compute time.
 *
 * @param edgeNanos time the edge spent computing
 * @param roundTripNanos time from the first byte sent to the last byte received, on the device
 * @param bytesSent bytes the device wrote for this request, framing included
 * @param bytesReceived bytes the device read for the reply, framing included
 */
public record InferenceReply(long id, Tensor output, long edgeNanos, long roundTripNanos,
                             long bytesSent, long bytesReceived) {
    /** Round trip less the edge's compute: the time the request spent on the network. */
    public long networkNanos() {
        return Math.max(0, roundTripNanos - edgeNanos);
    }
}
