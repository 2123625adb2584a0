package org.coinfer.api;

import org.osgi.annotation.versioning.ProviderType;

/** The device's link to the edge. Implementations are safe for use by several threads. */
@ProviderType
public interface Transport {
    /** Ships the tensor at a cut to the edge and waits for the exit's output. */
    InferenceReply infer(InferenceRequest request) throws TransportException;

    /** Round-trip time of an empty message, in nanoseconds. */
    long ping() throws TransportException;

    /**
     * Sends {@code bytes} of filler to the edge and waits for a short acknowledgement; returns
     * the nanoseconds from the first byte sent to the acknowledgement. Used to measure the
     * uplink when no request has crossed the link lately.
     */
    long probe(int bytes) throws TransportException;

    /**
     * Asks the edge for {@code bytes} of filler; returns the nanoseconds from sending the ask to
     * the last filler byte received. Measures the downlink when replies are too small to.
     */
    long probeDown(int bytes) throws TransportException;

    /** The edge's measured profile of a model. */
    HostProfile edgeProfile(String modelId) throws TransportException;

    /** The edge's fitted per-layer latency model, as JSON (see {@link EdgeExecutor#layerModel()}). */
    String edgeLayerModel() throws TransportException;

    /** The address of the edge this transport talks to, for display. */
    String remote();
}
