package org.coinfer.runtime.device;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.coinfer.api.InferenceReply;
import org.coinfer.api.LinkEstimate;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.Transport;
import org.coinfer.api.TransportException;

/**
 * The device's estimate of its link to the edge. Every exchange that crosses the link teaches
 * the {@link LinkModel}: requests of any size (bytes each way, and their network time with the
 * edge's compute taken out) as well as probes. Probes run only when nothing has measured the
 * link for {@code staleMs}, or a bandwidth is known less well than {@code maxSpread}, and only
 * within a budget: all probing together takes at most {@code probeShare} of the time since the
 * estimate began. By default a probe runs between requests: when a request has finished and the
 * estimate needs one, it runs in the background while the link is idle, and the next request
 * plans with what it found. With {@code probeBetween} off, a probe belongs to the request that
 * needed it, and its time counts in that request's latency. The first measurement always comes
 * before the first request plans. One probe runs at a time; others plan with the estimate as
 * it is, and reading the estimate never waits for a probe.
 */
final class LinkMonitor {
    /**
     * Framing bytes each way of a ping or probe (the TCP transport's fixed header); filler comes
     * on top. Another transport's overhead differs by a few bytes, which the RTT absorbs.
     */
    static final long CONTROL_BYTES = 45;
    static final int MIN_PROBE = 1024;
    static final int MAX_PROBE = 4 * 1024 * 1024;
    /** First uplink probe; it grows until it lasts long enough to measure bandwidth rather than latency. */
    static final int FIRST_PROBE = 2 * 1024;
    /** Downlink probes last a quarter of an uplink probe: replies are small, so the downlink matters less. */
    static final int DOWN_SHARE = 4;
    /** Pings timed for the first round trip. */
    static final int PINGS = 5;
    private static final Logger LOG = System.getLogger(LinkMonitor.class.getName());

    /** When and how much to probe. */
    record Settings(long staleMs, double maxSpread, double probeShare, long probeMs, boolean probeBetween) {
    }

    /** The estimate a request plans with, and the time it spent probing for it. */
    record Measured(LinkEstimate estimate, long probeNanos) {
    }

    /** What a caller decided to probe, with the sizes, while holding the lock. */
    private record Needs(int upBytes, int downBytes) {
        boolean any() {
            return upBytes > 0 || downBytes > 0;
        }
    }

    private final Transport transport;
    private final LongSupplier clock;
    private final Object probing = new Object();
    /** Set while a probe between requests is queued or running, so at most one is. */
    private final AtomicBoolean idleProbe = new AtomicBoolean();
    private volatile Settings settings;
    private LinkModel model;
    private long started;
    private long lastMeasured;
    /** When the last request planned, and the last few gaps between requests, to fit probes between them. */
    private long lastRequest = -1;
    private final long[] gaps = new long[5];
    private int gapCount;
    private long probeNanos;

    LinkMonitor(Transport transport, Settings settings, LongSupplier clock) {
        this.transport = transport;
        this.settings = settings;
        this.clock = clock;
    }

    void configure(Settings s) {
        settings = s;
    }

    /** The link for planning a request now, probing first when the estimate needs it and the budget allows. */
    Measured current() throws TransportException {
        long t0 = clock.getAsLong();
        requestStarts(t0);
        synchronized (probing) {
            if (estimate() == null) {
                start();
                return new Measured(estimate(), clock.getAsLong() - t0);
            }
        }
        long spent = 0;
        Needs needs = settings.probeBetween() ? new Needs(0, 0) : needs();
        if (needs.any()) {
            synchronized (probing) {
                spent = probe(needs);
            }
        }
        return new Measured(estimate(), spent);
    }

    /**
     * A request has finished: when the estimate needs a probe and the budget allows, runs it on
     * {@code background} now, while the link is idle, so no request carries it.
     */
    void idle(Executor background) {
        if (!settings.probeBetween() || estimate() == null || !idleProbe.compareAndSet(false, true)) {
            return;
        }
        Needs needs = needs();
        if (!needs.any() || !fitsBeforeNextRequest(needs)) {
            idleProbe.set(false);
            return;
        }
        try {
            background.execute(() -> {
                try {
                    synchronized (probing) {
                        probe(needs);
                    }
                } finally {
                    idleProbe.set(false);
                }
            });
        } catch (RejectedExecutionException stopping) {
            idleProbe.set(false);
        }
    }

    /** The link as last estimated, without measuring; null before the first measurement. */
    synchronized LinkEstimate estimate() {
        if (model == null) {
            return null;
        }
        long now = clock.getAsLong();
        NetworkConditions c = new NetworkConditions(model.upBitsPerSecond(), model.downBitsPerSecond(), model.rttSeconds() * 1e3);
        return new LinkEstimate(c, Math.max(0, now - lastMeasured) / 1e6, model.spread(LinkModel.UP, now),
                model.spread(LinkModel.DOWN, now), model.rttSpread() * 1e3, share(now));
    }

    /** Fits a request that crossed the link: every one teaches the model, however small. */
    synchronized void observe(InferenceReply reply) {
        if (model == null) {
            return;
        }
        long now = clock.getAsLong();
        boolean step = model.observe(reply.bytesSent(), reply.bytesReceived(), reply.networkNanos() / 1e9, now, LinkModel.Kind.REQUEST);
        lastMeasured = now;
        LOG.log(Level.DEBUG, () -> String.format(Locale.ROOT, "request %d B up, %d B down in %.2f ms%s: %s", reply.bytesSent(),
                reply.bytesReceived(), reply.networkNanos() / 1e6, step ? " (a step)" : "", model));
    }

    /** Share of the time since the estimate began that probes took. */
    private double share(long now) {
        return now > started ? (double) probeNanos / (now - started) : 0;
    }

    /**
     * The first measurement: the round trip, the uplink (grown until it measures bandwidth), the
     * downlink. A failed attempt measures nothing and costs the budget nothing.
     */
    private void start() throws TransportException {
        long t0 = clock.getAsLong();
        // The first exchanges on a connection pay for connecting and for code run the first
        // time (a cold JVM compiles as it goes); the fastest of several after them is the round trip.
        transport.ping();
        transport.ping();
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < PINGS; i++) {
            fastest = Math.min(fastest, transport.ping());
        }
        double ping = fastest / 1e9;
        int size = FIRST_PROBE;
        double up;
        while (true) {
            up = transport.probe(size) / 1e9;
            if (up - ping >= settings.probeMs() / 4e3 || size >= MAX_PROBE) {
                break;
            }
            size = (int) Math.min(MAX_PROBE, size * 4L);
        }
        int downSize = Math.max(MIN_PROBE, probeSize((up - ping) / size) / DOWN_SHARE);
        double down = transport.probeDown(downSize) / 1e9;
        // Three exchanges, three unknowns: the model starts from their exact solution.
        double upPerByte = Math.max(up - ping, 1e-9) / size;
        double downPerByte = Math.max(down - ping - Long.BYTES * upPerByte, 1e-9) / downSize;
        double rtt = ping - CONTROL_BYTES * (upPerByte + downPerByte);
        long now = clock.getAsLong();
        LinkModel m = new LinkModel(rtt, upPerByte, downPerByte, now);
        m.observe(CONTROL_BYTES, CONTROL_BYTES, ping, now, LinkModel.Kind.PING);
        m.observe(CONTROL_BYTES + size, CONTROL_BYTES, up, now, LinkModel.Kind.UPLINK_PROBE);
        m.observe(CONTROL_BYTES + Long.BYTES, CONTROL_BYTES + downSize, down, now, LinkModel.Kind.DOWNLINK_PROBE);
        synchronized (this) {
            model = m;
            started = t0;
            lastMeasured = now;
            probeNanos = now - t0;
        }
    }

    /**
     * Which directions need a probe now that the budget can pay for, and how large. None while
     * the last request ran quicker than the estimate allows: the next request shows whether the
     * link stepped up, at no cost to the link. (A slow one is already believed, so a probe is
     * sized to the slower link and takes no more than its share.)
     */
    private synchronized Needs needs() {
        if (model.unsettled()) {
            return new Needs(0, 0);
        }
        long now = clock.getAsLong();
        Settings s = settings;
        boolean stale = (now - lastMeasured) / 1e6 > s.staleMs();
        int up = 0;
        int down = 0;
        double budget = s.probeShare() * (now - started) - probeNanos;
        if (stale || model.spread(LinkModel.UP, now) > s.maxSpread()) {
            int size = probeSize(8 / model.upBitsPerSecond());
            double cost = (model.predict(CONTROL_BYTES, CONTROL_BYTES) + model.predict(CONTROL_BYTES + size, CONTROL_BYTES)) * 1e9;
            if (cost <= budget) {
                up = size;
                budget -= cost;
            }
        }
        if (model.spread(LinkModel.DOWN, now) > s.maxSpread()) {
            // Sized by the slower direction: a downlink estimate that is uncertain may be stale
            // by a step the uplink has already followed, and a probe sized to it could take seconds.
            int size = Math.max(MIN_PROBE, probeSize(8 / Math.min(model.downBitsPerSecond(), model.upBitsPerSecond())) / DOWN_SHARE);
            if (model.predict(CONTROL_BYTES + Long.BYTES, CONTROL_BYTES + size) * 1e9 <= budget) {
                down = size;
            }
        }
        return new Needs(up, down);
    }

    private synchronized void requestStarts(long now) {
        if (lastRequest >= 0) {
            gaps[gapCount++ % gaps.length] = now - lastRequest;
        }
        lastRequest = now;
    }

    /**
     * Whether the probes would end, with room to spare, before the next request could come: the
     * shortest of the last few gaps between requests after the last one. A request that waits
     * for a probe carries it after all. Before there are gaps to go by, there is room.
     */
    private synchronized boolean fitsBeforeNextRequest(Needs needs) {
        if (gapCount == 0) {
            return true;
        }
        long soonest = Long.MAX_VALUE;
        for (int i = 0; i < Math.min(gapCount, gaps.length); i++) {
            soonest = Math.min(soonest, gaps[i]);
        }
        double left = lastRequest + soonest - clock.getAsLong();
        double cost = 0;
        if (needs.upBytes() > 0) {
            cost += model.predict(CONTROL_BYTES, CONTROL_BYTES) + model.predict(CONTROL_BYTES + needs.upBytes(), CONTROL_BYTES);
        }
        if (needs.downBytes() > 0) {
            cost += model.predict(CONTROL_BYTES + Long.BYTES, CONTROL_BYTES + needs.downBytes());
        }
        return cost * 1e9 <= left / 2;
    }

    /** Runs the probes decided on (a ping with the uplink probe, to keep the RTT honest); returns the time taken. */
    private long probe(Needs needs) {
        long total = 0;
        try {
            if (needs.upBytes() > 0) {
                total += fit(CONTROL_BYTES, CONTROL_BYTES, transport.ping(), LinkModel.Kind.PING);
                total += fit(CONTROL_BYTES + needs.upBytes(), CONTROL_BYTES, transport.probe(needs.upBytes()), LinkModel.Kind.UPLINK_PROBE);
            }
            if (needs.downBytes() > 0) {
                total += fit(CONTROL_BYTES + Long.BYTES, CONTROL_BYTES + needs.downBytes(), transport.probeDown(needs.downBytes()),
                        LinkModel.Kind.DOWNLINK_PROBE);
            }
        } catch (TransportException e) {
            LOG.log(Level.DEBUG, "link probe failed, the estimate stays as it was: {0}", e.getMessage());
        }
        return total;
    }

    private synchronized long fit(long up, long down, long nanos, LinkModel.Kind kind) {
        long now = clock.getAsLong();
        probeNanos += nanos;
        model.observe(up, down, nanos / 1e9, now, kind);
        lastMeasured = now;
        LOG.log(Level.DEBUG, () -> String.format(Locale.ROOT, "probe %d B up, %d B down in %.2f ms: %s", up, down, nanos / 1e6, model));
        return nanos;
    }

    /** Filler bytes that take about {@code probeMs} at the given seconds per byte. */
    private int probeSize(double secondsPerByte) {
        double bytes = settings.probeMs() / 1e3 / secondsPerByte;
        return (int) Math.max(MIN_PROBE, Math.min(MAX_PROBE, bytes));
    }
}
