package org.coinfer.predictor.regression.device.internal;

import java.util.concurrent.atomic.AtomicInteger;
import org.coinfer.api.EdgeRefusedException;
import org.coinfer.api.TransportException;
import org.coinfer.testing.UnusedTransport;

/** A transport whose only use here is the edge's layer model: a refusal until it serves one. */
final class FakeEdge extends UnusedTransport {
    final AtomicInteger asked = new AtomicInteger();
    volatile String json;

    @Override
    public String edgeLayerModel() throws TransportException {
        asked.incrementAndGet();
        String j = json;
        if (j == null) {
            throw new EdgeRefusedException("the edge's per-layer latency model is not ready: timing layers 3/40 models");
        }
        return j;
    }
}
