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
 * A link on a simulated clock: every exchange takes exactly the round trip plus its bytes at
 * each direction's rate, and moves the clock on by that much. Requests are finished by an
 * in-process edge.
 */
final class FakeLink implements Transport {
    /** Framing of a request and of a reply, as the TCP transport's fixed header with a little model id. */
    static final long FRAMING_BYTES = 64;
    static final long EDGE_NANOS = 1_000_000;

    final List<InferenceRequest> requests = new CopyOnWriteArrayList<>();
    final List<Integer> probes = new CopyOnWriteArrayList<>();
    final List<Integer> downProbes = new CopyOnWriteArrayList<>();
    final AtomicInteger pings = new AtomicInteger();
    final long rttNanos;
    volatile double upBps;
    volatile double downBps;
    volatile boolean down;
    /** Requests hang until interrupted, as on an edge that accepts them and never answers. */
    volatile boolean stalled;
    volatile boolean interrupted;
    private volatile long now = 1_000_000_000L;
    private final EdgeExecutor edge;

    FakeLink(EdgeExecutor edge, double bps, long rttNanos) {
        this.edge = edge;
        this.upBps = bps;
        this.downBps = bps;
        this.rttNanos = rttNanos;
    }

    /** The simulated clock, for the monitor under test. */
    long now() {
        return now;
    }

    /** Lets simulated time pass with the link idle. */
    void idle(long nanos) {
        now += nanos;
    }

    void rate(double bps) {
        upBps = bps;
        downBps = bps;
    }

    /** Time of an exchange moving {@code up} bytes out and {@code down} bytes back; advances the clock. */
    long exchange(long up, long down) throws TransportException {
        stall();
        if (this.down) {
            throw new TransportException("cannot connect to edge in-process: the link is down");
        }
        long t = rttNanos + (long) (up * 8e9 / upBps) + (long) (down * 8e9 / downBps);
        now += t;
        return t;
    }

    @Override
    public InferenceReply infer(InferenceRequest r) throws TransportException {
        requests.add(r);
        stall();
        Tensor out;
        try {
            out = edge.finish(r);
        } catch (InferenceException e) {
            throw new TransportException("edge refused request " + r.id() + ": " + e.getMessage(), e);
        }
        long sent = r.tensor().byteSize() + FRAMING_BYTES;
        long received = out.byteSize() + FRAMING_BYTES;
        long t = exchange(sent, received) + EDGE_NANOS;
        now += EDGE_NANOS;
        return new InferenceReply(r.id(), out, EDGE_NANOS, t, sent, received);
    }

    @Override
    public long ping() throws TransportException {
        pings.incrementAndGet();
        return exchange(LinkMonitor.CONTROL_BYTES, LinkMonitor.CONTROL_BYTES);
    }

    @Override
    public long probe(int bytes) throws TransportException {
        probes.add(bytes);
        return exchange(LinkMonitor.CONTROL_BYTES + bytes, LinkMonitor.CONTROL_BYTES);
    }

    @Override
    public long probeDown(int bytes) throws TransportException {
        downProbes.add(bytes);
        return exchange(LinkMonitor.CONTROL_BYTES + Long.BYTES, LinkMonitor.CONTROL_BYTES + bytes);
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
    public String edgeLayerModel() throws TransportException {
        try {
            return edge.layerModel();
        } catch (InferenceException e) {
            throw new TransportException(e.getMessage(), e);
        }
    }

    @Override
    public String remote() {
        return "in-process";
    }

    /** Hangs while stalled, until interrupted, as a call to an edge that never answers does. */
    private void stall() throws TransportException {
        if (stalled) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted = true;
                throw new TransportException("the call was interrupted", e);
            }
        }
    }
}
