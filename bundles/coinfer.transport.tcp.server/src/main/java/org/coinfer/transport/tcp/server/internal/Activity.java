package org.coinfer.transport.tcp.server.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.coinfer.api.EdgeActivity;

/** The server's sessions and requests, counted as they happen, for {@link EdgeActivity}. */
final class Activity implements EdgeActivity {
    private final Map<Object, Connected> devices = new ConcurrentHashMap<>();
    private final Map<String, Segment> served = new ConcurrentSkipListMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /** One connected device; the session holds it and counts its requests. */
    static final class Connected {
        final String address;
        volatile String identity = "(not yet authenticated)";
        final long since = System.currentTimeMillis();
        final AtomicLong requests = new AtomicLong();

        Connected(String address) {
            this.address = address;
        }
    }

    private static final class Segment {
        final String modelId;
        final int exit;
        final int cut;
        long requests;
        double totalMs;
        double lastMs;

        Segment(String modelId, int exit, int cut) {
            this.modelId = modelId;
            this.exit = exit;
            this.cut = cut;
        }
    }

    Connected connected(Object session, String address) {
        Connected c = new Connected(address);
        devices.put(session, c);
        return c;
    }

    void left(Object session) {
        devices.remove(session);
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void finished(String modelId, int exit, int cut, long edgeNanos) {
        inFlight.decrementAndGet();
        if (edgeNanos < 0) {
            return; // failed: counted as neither served nor computing
        }
        // Keys sort by model, then exit and cut as numbers.
        String key = String.format("%s\u0000%08d\u0000%08d", modelId, exit, cut);
        Segment s = served.computeIfAbsent(key, k -> new Segment(modelId, exit, cut));
        synchronized (s) {
            s.requests++;
            s.lastMs = edgeNanos / 1e6;
            s.totalMs += s.lastMs;
        }
    }

    @Override
    public List<Device> devices() {
        List<Device> out = new ArrayList<>();
        for (Connected c : devices.values()) {
            out.add(new Device(c.address, c.identity, c.since, c.requests.get()));
        }
        out.sort(Comparator.comparingLong(Device::sinceEpochMs));
        return out;
    }

    @Override
    public List<Served> served() {
        List<Served> out = new ArrayList<>();
        for (Segment s : served.values()) {
            synchronized (s) {
                out.add(new Served(s.modelId, s.exit, s.cut, s.requests, s.totalMs / s.requests, s.lastMs));
            }
        }
        return out;
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }
}
