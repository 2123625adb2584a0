package org.coinfer.predictor.profile;

import java.util.concurrent.atomic.AtomicInteger;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceReply;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.Transport;
import org.coinfer.api.TransportException;

/** A transport whose only use here is the edge's profile: absent until opened, then a fixed one. */
final class FakeEdge implements Transport {
    final AtomicInteger profileCalls = new AtomicInteger();
    private final HostProfile profile;
    private volatile boolean open;

    FakeEdge(HostProfile profile, boolean open) {
        this.profile = profile;
        this.open = open;
    }

    void open() {
        open = true;
    }

    @Override
    public HostProfile edgeProfile(String modelId) throws TransportException {
        profileCalls.incrementAndGet();
        if (!open) {
            throw new TransportException("edge not reachable yet");
        }
        return profile;
    }

    @Override
    public InferenceReply infer(InferenceRequest request) {
        throw new UnsupportedOperationException("the predictor never runs requests");
    }

    @Override
    public long ping() {
        throw new UnsupportedOperationException("the predictor never pings");
    }

    @Override
    public long probe(int bytes) {
        throw new UnsupportedOperationException("the predictor never probes");
    }

    @Override
    public String remote() {
        return "fake-edge";
    }
}
