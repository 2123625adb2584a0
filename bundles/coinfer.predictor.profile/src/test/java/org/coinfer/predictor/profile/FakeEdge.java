package org.coinfer.predictor.profile;

import java.util.concurrent.atomic.AtomicInteger;
import org.coinfer.api.HostProfile;
import org.coinfer.api.TransportException;
import org.coinfer.testing.UnusedTransport;

/** A transport whose only use here is the edge's profile: a failure, or a profile, each replaceable. */
final class FakeEdge extends UnusedTransport {
    final AtomicInteger profileCalls = new AtomicInteger();
    private volatile HostProfile profile;
    private volatile TransportException failure;

    FakeEdge(HostProfile profile, TransportException failure) {
        this.profile = profile;
        this.failure = failure;
    }

    /** From now on answers with this profile. */
    void serve(HostProfile p) {
        profile = p;
        failure = null;
    }

    @Override
    public HostProfile edgeProfile(String modelId) throws TransportException {
        profileCalls.incrementAndGet();
        TransportException f = failure;
        if (f != null) {
            throw f;
        }
        return profile;
    }

    @Override
    public String remote() {
        return "fake-edge";
    }
}
