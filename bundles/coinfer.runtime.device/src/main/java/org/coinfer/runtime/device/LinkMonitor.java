package org.coinfer.runtime.device;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;
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
 * estimate began. A probe belongs to the request that needed it, so its time counts in that
 * request's measured latency.
 */
final class LinkMonitor {
    /** Framing bytes each way of a ping or probe (the TCP transport's fixed header); filler comes on top. */
    static final long CONTROL_BYTES = 45;
    static final int MIN_PROBE = 1024;
    static final int MAX_PROBE = 4 * 1024 * 1024;
    /** First uplink probe; it grows until it lasts long enough to measure bandwidth rather than latency. */
    static final int FIRST_PROBE = 2 * 1024;
    /** Downlink probes last a quarter of an uplink probe: replies are small, so the downlink matters less. */
    static final int DOWN_SHARE = 4;
    private static final Logger LOG = System.getLogger(LinkMonitor.class.getName());

    /** When and how much to probe. */
    record Settings(long staleMs, double maxSpread, double probeShare, long probeMs) {
    }

    /** The estimate a request plans with, and the time it spent probing for it. */
    record Measured(LinkEstimate estimate, long probeNanos) {
    }

    private final Transport transport;
    private final LongSupplier clock;
    private volatile Settings settings;
    private LinkModel model;
    private long started;
    private long lastMeasured;
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
    synchronized Measured current() throws TransportException {
        long spent = probeNanos;
        if (model == null) {
            start();
        } else {
            refresh();
        }
        return new Measured(estimate(), probeNanos - spent);
    }

    /** The link as last estimated, without measuring; null before the first measurement. */
    synchronized LinkEstimate estimate() {
        if (model == null) {
            return null;
        }
        long now = clock.getAsLong();
        NetworkConditions c = new NetworkConditions(model.upBitsPerSecond(), model.downBitsPerSecond(), model.rttSeconds() * 1e3);
        return new LinkEstimate(c, (now - lastMeasured) / 1e6, model.spread(LinkModel.UP, now), model.spread(LinkModel.DOWN, now),
                model.rttSpread() * 1e3, share(now));
    }

    /** Fits a request that crossed the link: every one teaches the model, however small. */
    synchronized void observe(InferenceReply reply) {
        if (model == null) {
            return;
        }
        long now = clock.getAsLong();
        boolean step = model.observe(reply.bytesSent(), reply.bytesReceived(), reply.networkNanos() / 1e9, now, false);
        LOG.log(Level.DEBUG, () -> String.format(Locale.ROOT, "request %d B up, %d B down in %.2f ms%s: %s", reply.bytesSent(),
                reply.bytesReceived(), reply.networkNanos() / 1e6, step ? " (a step)" : "", model));
        lastMeasured = now;
    }

    /** Share of the time since the estimate began that probes took. */
    private double share(long now) {
        return now > started ? (double) probeNanos / (now - started) : 0;
    }

    /** The first measurement: the round trip, the uplink (grown until it measures bandwidth), the downlink. */
    private void start() throws TransportException {
        long t0 = clock.getAsLong();
        started = t0;
        try {
            // The first exchange on a connection pays for connecting and for code run the first
            // time; the fastest of a few after it is the round trip.
            transport.ping();
            double ping = Math.min(transport.ping(), Math.min(transport.ping(), transport.ping())) / 1e9;
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
            model = new LinkModel(rtt, upPerByte, downPerByte, now);
            model.observe(CONTROL_BYTES, CONTROL_BYTES, ping, now, true);
            model.observe(CONTROL_BYTES + size, CONTROL_BYTES, up, now, true);
            model.observe(CONTROL_BYTES + Long.BYTES, CONTROL_BYTES + downSize, down, now, true);
            lastMeasured = now;
        } finally {
            probeNanos += clock.getAsLong() - t0;
        }
    }

    /** Probes a direction that needs it, within the budget; a failed probe leaves the estimate as it was. */
    private void refresh() {
        long now = clock.getAsLong();
        Settings s = settings;
        boolean stale = (now - lastMeasured) / 1e6 > s.staleMs();
        boolean upNeeded = stale || model.spread(LinkModel.UP, now) > s.maxSpread();
        boolean downNeeded = model.spread(LinkModel.DOWN, now) > s.maxSpread();
        try {
            if (upNeeded) {
                int size = probeSize(8 / model.upBitsPerSecond());
                if (affordable(now, model.predict(CONTROL_BYTES + size, CONTROL_BYTES))) {
                    long t = transport.probe(size);
                    fit(CONTROL_BYTES + size, CONTROL_BYTES, t);
                }
            }
            if (downNeeded) {
                // Sized by the slower direction: a downlink estimate that is uncertain may be stale
                // by a step the uplink has already followed, and a probe sized to it could take seconds.
                int size = Math.max(MIN_PROBE, probeSize(8 / Math.min(model.downBitsPerSecond(), model.upBitsPerSecond())) / DOWN_SHARE);
                now = clock.getAsLong();
                if (affordable(now, model.predict(CONTROL_BYTES + Long.BYTES, CONTROL_BYTES + size))) {
                    long t = transport.probeDown(size);
                    fit(CONTROL_BYTES + Long.BYTES, CONTROL_BYTES + size, t);
                }
            }
        } catch (TransportException e) {
            LOG.log(Level.DEBUG, "link probe failed, the estimate stays as it was: {0}", e.getMessage());
        }
    }

    private void fit(long up, long down, long nanos) {
        long now = clock.getAsLong();
        probeNanos += nanos;
        model.observe(up, down, nanos / 1e9, now, true);
        lastMeasured = now;
        LOG.log(Level.DEBUG, () -> String.format(Locale.ROOT, "probe %d B up, %d B down in %.2f ms: %s", up, down, nanos / 1e6, model));
    }

    /** Whether a probe of the predicted length keeps all probing within the budget. */
    private boolean affordable(long now, double probeSeconds) {
        return probeNanos + probeSeconds * 1e9 <= settings.probeShare() * (now - started);
    }

    /** Filler bytes that take about {@code probeMs} at the given seconds per byte. */
    private int probeSize(double secondsPerByte) {
        double bytes = settings.probeMs() / 1e3 / secondsPerByte;
        return (int) Math.max(MIN_PROBE, Math.min(MAX_PROBE, bytes));
    }
}
