package org.coinfer.runtime.device;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.coinfer.api.EdgeExecutor;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceException;
import org.coinfer.api.InferenceReply;
import org.coinfer.api.InferenceRequest;
import org.coinfer.api.Tensor;
import org.coinfer.api.TransportException;
import org.coinfer.api.Transport;

/**
 * A link with a simulated clock: every transfer takes exactly its bytes at the configured
 * bandwidth plus the round trip, and requests are finished by an in-process edge.
 */
final class FakeLink implements Transport {
    static final long FRAMING_BYTES = 32;
    static final long EDGE_NANOS = 1_000_000;

    final List<InferenceRequest> requests = new CopyOnWriteArrayList<>();
    final List<Integer> probes = new CopyOnWriteArrayList<>();
    final AtomicInteger pings = new AtomicInteger();
    final long rttNanos;
    volatile double bps;
    private final EdgeExecutor edge;

    FakeLink(EdgeExecutor edge, double bps, long rttNanos) {
        this.edge = edge;
        this.bps = bps;
        this.rttNanos = rttNanos;
    }

    long transferNanos(long bytes) {
        return (long) (bytes * 8e9 / bps);
    }

    /** The reply to a request that shipped {@code bytesSent}, timed on the simulated clock. */
    InferenceReply reply(long id, Tensor output, long bytesSent) {
        return new InferenceReply(id, output, EDGE_NANOS, rttNanos + transferNanos(bytesSent) + EDGE_NANOS,
                bytesSent, output == null ? FRAMING_BYTES : output.byteSize() + FRAMING_BYTES);
    }

    @Override
    public InferenceReply infer(InferenceRequest r) throws TransportException {
        requests.add(r);
        try {
            Tensor out = edge.finish(r);
            return reply(r.id(), out, r.tensor().byteSize() + FRAMING_BYTES);
        } catch (InferenceException e) {
            throw new TransportException("edge refused request " + r.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long ping() {
        pings.incrementAndGet();
        return rttNanos;
    }

    @Override
    public long probe(int bytes) {
        probes.add(bytes);
        return rttNanos + transferNanos(bytes);
    }

    @Override
    public HostProfile edgeProfile(String modelId) throws TransportException {
        try {
            return edge.profile(modelId);
        } catch (InferenceException e) {
            throw new TransportException(e.getMessage(), e);
        }
    }

    @Override
    public String remote() {
        return "in-process";
    }
}
