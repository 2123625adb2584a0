package org.coinfer.testing;

import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceReply;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.Transport;
import org.coinfer.api.TransportException;

/**
 * A transport whose every exchange fails the test: a fake extends it and overrides the few a
 * component under test may use, so a use it should not make shows at once.
 */
public abstract class UnusedTransport implements Transport {
    private static UnsupportedOperationException unused(String what) {
        return new UnsupportedOperationException("this test's transport does not expect " + what);
    }

    @Override
    public InferenceReply infer(InferenceRequest request) throws TransportException {
        throw unused("a request");
    }

    @Override
    public long ping() throws TransportException {
        throw unused("a ping");
    }

    @Override
    public long probe(int bytes) throws TransportException {
        throw unused("an uplink probe");
    }

    @Override
    public long probeDown(int bytes) throws TransportException {
        throw unused("a downlink probe");
    }

    @Override
    public HostProfile edgeProfile(String modelId) throws TransportException {
        throw unused("a question for the edge's profile");
    }

    @Override
    public String edgeLayerModel() throws TransportException {
        throw unused("a question for the edge's per-layer model");
    }

    @Override
    public String remote() {
        return "edge.test:7311";
    }
}
