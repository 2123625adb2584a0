package org.coinfer.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.coinfer.api.CoInference;
import org.coinfer.api.InferenceException;
import org.coinfer.api.LatencyBreakdown;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.Outcome;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.TransportException;
import org.coinfer.strategy.edgent.JointOptimizer;
import org.coinfer.strategy.edgent.dynamic.ConfigurationMap;
import org.coinfer.strategy.edgent.dynamic.Trace;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * One replay: for each trace (the part replayed), the requirement (given, or chosen between
 * the final exit on the edge at that part's median rate and on the device), the configuration
 * map for it built from the other traces and written where {@code edgent-dynamic} reads it,
 * then the trace itself: a thread sets the link's rate at each sample's time while requests
 * start every {@code intervalMs}, the strategies taking turns. Each request is a row, with what
 * an oracle that knows the trace's rate would have planned (Edgent's optimizer at that rate).
 */
record Replay(CoInference coinference, ConfigurationAdmin admin, Shaper shaper, String emulation, ReplayRunner.Config config,
        PrintStream out) {
    static final String DYNAMIC_PID = "org.coinfer.strategy.edgent.dynamic";
    private static final int FAILURES_SHOWN = 5;
    /** A requirement nearer than this to a plan's time is met or missed by noise (the emulated device's spread is 2-7%). */
    static final double NOISE = 0.05;

    void run() throws Exception {
        if (!(config.intervalMs() > 0) || !(config.durationS() >= 0) || !(config.floorMbps() > 0)) {
            throw new IllegalArgumentException(ReplayRunner.PID + ": expected intervalMs > 0, durationS >= 0 and floorMbps > 0, found "
                    + config.intervalMs() + ", " + config.durationS() + " and " + config.floorMbps());
        }
        Inputs inputs = Inputs.load(out);
        Drivers.checkCsvFolder(config.csv());
        List<Trace> traces = read(config.traces(), "traces");
        List<Trace> mapTraces = config.mapTraces().length == 0 ? traces : read(config.mapTraces(), "mapTraces");
        shaper.apply(rate(traces.get(0), 0));
        out.println("link shaping: " + shaper.describe());
        out.println("device: " + emulation);
        Drivers.awaitReady(coinference, inputs.image(0), config.readyTimeoutS(), out);
        List<String> strategies = Drivers.strategies(coinference, config.strategies(), ReplayRunner.PID);
        out.println("strategies, taking turns: " + strategies);
        Path mapFile = Path.of(config.mapFile()).toAbsolutePath();
        pointDynamicAt(mapFile);
        List<ReplayRow> rows = new ArrayList<>();
        Map<String, Double> requirements = new LinkedHashMap<>();
        Map<String, List<ReplaySummary>> perTrace = new LinkedHashMap<>();
        int[] next = {0};
        for (Trace whole : traces) {
            Trace t = config.durationS() > 0 ? whole.head(config.durationS()) : whole;
            warmUp(t, strategies, inputs, next);
            PlanningContext now = coinference.context(null, new LatencyRequirement(1));
            double deadline = config.deadlineMs() > 0 ? config.deadlineMs() : deadline(t, now);
            if (Double.isNaN(deadline)) {
                continue;
            }
            LatencyRequirement requirement = new LatencyRequirement(deadline);
            requirements.put(t.name(), deadline);
            List<Trace> others = mapTraces.stream().filter(m -> !m.name().equals(t.name())).toList();
            ConfigurationMap map = ConfigurationMap.build(now.model(), now.predictor(), requirement, now.network().rttMs(),
                    others.isEmpty() ? List.of(t) : others, config.states(), config.coverage(), config.headroom());
            map.write(mapFile);
            out.println(describe(t, map, others.size()));
            List<ReplayRow> traceRows = replay(t, requirement, strategies, inputs, next);
            rows.addAll(traceRows);
            write(rows);
            List<ReplaySummary> summary = ReplaySummary.of(traceRows, secondsPerTurn(strategies));
            perTrace.put(t.name(), summary);
            ReplaySummary.print(String.format(Locale.ROOT, "trace %s (requirement %.1f ms):", t.name(), deadline), summary, out);
            List<String> shortfalls = ReplaySummary.shortfalls(summary);
            out.println(shortfalls.isEmpty() ? "targets: held" : "targets short: " + String.join("; ", shortfalls));
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("no trace was replayed");
        }
        ReplaySummary.print("all traces:", ReplaySummary.of(rows, secondsPerTurn(strategies)), out);
        out.println(ReplaySummary.targets(perTrace));
        String probes = String.format(Locale.ROOT, "probes took %.2f%% of the link's time since the device first measured it (budget 2%%)",
                100 * coinference.link().probeShare());
        out.println(probes);
        if (!config.markdown().isEmpty()) {
            String setUp = String.format(Locale.ROOT, "- Device: %s.%n- Link: %s; its rate set from each trace's samples as they "
                            + "come.%n- Traces: %s; %s each; a request every %s ms, the strategies taking turns.%n- Requirement: %s.%n- %s.",
                    emulation, shaper.describe(), String.join(", ", requirements.keySet()),
                    config.durationS() > 0 ? "the first " + Row.num(config.durationS()) + " s" : "all of it", Row.num(config.intervalMs()),
                    config.deadlineMs() > 0 ? Row.num(config.deadlineMs()) + " ms" : "per trace, between the final exit on the edge at "
                            + "the replayed part's median rate and on the device, the point farthest from those and from every exit's "
                            + "device-only time", probes.substring(0, 1).toUpperCase(Locale.ROOT) + probes.substring(1));
            Files.writeString(Path.of(config.markdown()), ReplaySummary.markdown(setUp, requirements, rows, secondsPerTurn(strategies)));
        }
    }

    private double secondsPerTurn(List<String> strategies) {
        return config.intervalMs() * strategies.size() / 1000;
    }

    private static List<Trace> read(String[] files, String field) throws IOException {
        if (files.length == 0) {
            throw new IllegalArgumentException(ReplayRunner.PID + ": " + field + ": expected one or more trace files, found none");
        }
        List<Trace> list = new ArrayList<>();
        for (String f : files) {
            list.add(Trace.read(Path.of(f)));
        }
        return list;
    }

    /** Points edgent-dynamic at the map file, keeping its other settings; it reads the file again whenever it changes. */
    private void pointDynamicAt(Path mapFile) throws IOException, InterruptedException {
        Configuration c = admin.getConfiguration(DYNAMIC_PID, "?");
        Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        props.put("map", mapFile.toString());
        c.update(props);
        Thread.sleep(1_000); // configuration reaches the component asynchronously
    }

    /**
     * A requirement between the final exit run whole on the edge at the trace's median rate and
     * on the device, when the edge is the faster there: the point farthest, in ratio, from those
     * two and from every exit's device-only time, so that whether a plan on the device meets it
     * is decided by the plan, not by the device's noise (the link's plans move with the rate
     * anyway); NaN (and why, printed) when the edge is not the faster, or not by more than noise.
     */
    private double deadline(Trace t, PlanningContext now) {
        ModelDescription model = now.model();
        double[] deviceOnly = Requirements.deviceOnlyMs(now);
        double device = deviceOnly[deviceOnly.length - 1];
        double median = t.median();
        PlanningContext atMedian = new PlanningContext(model, new NetworkConditions(median * 1e6, median * 1e6, now.network().rttMs()),
                new LatencyRequirement(1), now.predictor());
        double edge = atMedian.predict(model.finalExit().number(), 0).totalMs();
        if (edge >= device) {
            out.printf(Locale.ROOT, "trace %s skipped: at its median rate %.2f Mbit/s the final exit takes %.1f ms on the edge, "
                    + "no less than its %.1f ms on the device, so no requirement separates them%n", t.name(), median, edge, device);
            return Double.NaN;
        }
        Requirements plans = Requirements.forReplay(deviceOnly, edge);
        double r = plans.farthestWithin(edge, device);
        if (plans.distance(r) < NOISE) {
            out.printf(Locale.ROOT, "trace %s skipped: at its median rate %.2f Mbit/s the final exit takes %.1f ms on the edge, so close "
                    + "to its %.1f ms on the device that noise would decide any requirement between them%n", t.name(), median, edge, device);
            return Double.NaN;
        }
        out.printf(Locale.ROOT, "trace %s: final exit %.1f ms on the device, %.1f ms on the edge at the median rate %.2f Mbit/s; "
                        + "requirement %.1f ms, %.0f%% from the nearest of those and the exits' device-only times (%s ms)%n",
                t.name(), device, edge, median, r, 100 * plans.distance(r),
                Arrays.stream(deviceOnly).mapToObj(v -> String.format(Locale.ROOT, "%.1f", v)).collect(Collectors.joining(", ")));
        return r;
    }

    private String describe(Trace t, ConfigurationMap map, int fromTraces) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "configuration map for %s from %d other traces (%d states, plans meeting %.1f ms at %.0f%% of a state's samples):",
                t.name(), fromTraces, map.states().size(), map.requirementMs(), 100 * map.coverage()));
        for (int i = 0; i < map.states().size(); i++) {
            ConfigurationMap.Entry e = map.entries().get(i);
            sb.append(String.format(Locale.ROOT, "%n  %6.2f-%-6s Mbit/s: exit %d cut %d (meets at %.0f%%)", map.states().edges()[i],
                    i + 1 == map.states().size() ? "" : String.format(Locale.ROOT, "%.2f", map.states().edges()[i + 1]), e.exit(), e.cut(),
                    100 * e.meetShare()));
        }
        return sb.toString();
    }

    private double rate(Trace t, double seconds) {
        return Math.max(config.floorMbps(), t.rateAt(seconds));
    }

    /**
     * Unrecorded turns at the trace's first rate, before its requirement and map are derived:
     * plans' segments load, and the device's calibration learns how requests' parts compare
     * with the profiles, so the requirement, the map and the oracle are predicted as requests run.
     */
    private void warmUp(Trace t, List<String> strategies, Inputs inputs, int[] next) throws IOException {
        shaper.apply(rate(t, 0));
        LatencyRequirement loose = new LatencyRequirement(1e9);
        for (int w = 0; w < config.warmupTurns() * strategies.size(); w++) {
            try {
                coinference.infer(null, inputs.image(next[0]++), loose, strategies.get(w % strategies.size()));
            } catch (InferenceException | TransportException e) {
                out.println("  warm-up request failed: " + e.getMessage());
            }
        }
    }

    private List<ReplayRow> replay(Trace t, LatencyRequirement requirement, List<String> strategies, Inputs inputs, int[] next)
            throws Exception {
        double duration = config.durationS() > 0 ? Math.min(config.durationS(), t.duration()) : t.duration();
        LatencyRequirement budget = new LatencyRequirement(requirement.deadlineMs() * (1 - config.headroom()));
        AtomicReference<Exception> shaping = new AtomicReference<>();
        Link link = new Link(rate(t, 0));
        long t0 = System.nanoTime();
        Thread rates = new Thread(() -> follow(t, duration, t0, link, shaping), "coinfer-replay-rates");
        rates.start();
        PlanningContext now = coinference.context(null, requirement);
        ModelDescription model = now.model();
        double rtt = now.network().rttMs();
        List<ReplayRow> rows = new ArrayList<>();
        int[] failures = {0};
        try {
            for (int k = 0; ; k++) {
                double ts = (System.nanoTime() - t0) / 1e9;
                if (ts >= duration) {
                    break;
                }
                if (shaping.get() != null) {
                    throw shaping.get();
                }
                String strategy = strategies.get(k % strategies.size());
                int image = next[0]++;
                link.lock.lock();
                try {
                    double trueMbps = link.mbps;
                    // The oracle knows the link's rate, and the device's compute as the device knows it now (calibrated);
                    // the safe one keeps the map's headroom too.
                    NetworkConditions truth = new NetworkConditions(trueMbps * 1e6, trueMbps * 1e6, rtt);
                    LatencyPredictor live = coinference.context(null, requirement).predictor();
                    Plan oracle = JointOptimizer.choose(new PlanningContext(model, truth, requirement, live), "oracle");
                    Plan safe = JointOptimizer.choose(new PlanningContext(model, truth, budget, live), "safe oracle");
                    rows.add(request(t, strategy, ts, trueMbps, oracle, safe, requirement, inputs, image, model, failures));
                } finally {
                    link.lock.unlock();
                }
                long wait = t0 + (long) ((k + 1) * config.intervalMs() * 1e6) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } finally {
            rates.interrupt();
            rates.join(5_000);
        }
        if (failures[0] > FAILURES_SHOWN) {
            out.printf(Locale.ROOT, "  %d requests failed in all%n", failures[0]);
        }
        return rows;
    }

    /** One request of the replay as a row, beside the oracle's and the safe oracle's plans; a failed one misses and scores nothing. */
    private ReplayRow request(Trace t, String strategy, double ts, double trueMbps, Plan oracle, Plan safe,
                              LatencyRequirement requirement, Inputs inputs, int image, ModelDescription model, int[] failures) {
        try {
            Outcome o = coinference.infer(null, inputs.image(image), requirement, strategy);
            Plan p = o.plan();
            LatencyBreakdown b = p.predicted();
            return new ReplayRow(t.name(), strategy, ts, trueMbps, o.network().uplinkBps() / 1e6, p.exit(), p.cut(),
                    b.totalMs(), o.totalMs(), requirement.deadlineMs(), inputs.correct(image, o.output()),
                    model.exit(p.exit()).accuracy(), ReplayRow.Choice.of(oracle, model), ReplayRow.Choice.of(safe, model), o.probeMs(),
                    new ReplayRow.Parts(b.deviceMs(), b.uploadMs() + b.rttMs() + b.downloadMs(), b.edgeMs()),
                    new ReplayRow.Parts(o.deviceMs(), o.networkMs(), o.edgeMs()));
        } catch (InferenceException | TransportException e) {
            if (failures[0]++ < FAILURES_SHOWN) {
                out.printf(Locale.ROOT, "  %s at %.1f s (%.2f Mbit/s) failed: %s%n", strategy, ts, trueMbps, e.getMessage());
            }
            return new ReplayRow(t.name(), strategy, ts, trueMbps, Double.NaN, -1, -1, Double.NaN, Double.NaN,
                    requirement.deadlineMs(), 0, 0, ReplayRow.Choice.of(oracle, model), ReplayRow.Choice.of(safe, model), 0,
                    ReplayRow.Parts.NONE, ReplayRow.Parts.NONE);
        }
    }

    /** Sets each sample's rate when its interval begins (a sample's rate holds over the interval that ends at its time). */
    private void follow(Trace t, double duration, long t0, Link link, AtomicReference<Exception> failure) {
        try {
            for (int i = 1; i < t.seconds().length && t.seconds()[i - 1] < duration; i++) {
                long wait = t0 + (long) (t.seconds()[i - 1] * 1e9) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                link.set(Math.max(config.floorMbps(), t.mbps()[i]));
            }
        } catch (InterruptedException e) {
            // the trace's replay is over
        } catch (IOException e) {
            failure.set(e);
        }
    }

    /**
     * The shaped link and the rate set on it. A change waits for the request in flight: tbf
     * flushes its queue when its rate changes, and the TCP retransmission that follows added
     * 25-35 ms to a request, as no real link does when its rate changes.
     */
    private final class Link {
        final ReentrantLock lock = new ReentrantLock();
        volatile double mbps;

        Link(double mbps) throws IOException {
            set(mbps);
        }

        void set(double mbps) throws IOException {
            lock.lock();
            try {
                shaper.apply(mbps);
                this.mbps = mbps;
            } finally {
                lock.unlock();
            }
        }
    }

    private void write(List<ReplayRow> rows) throws IOException {
        if (config.csv().isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>(List.of(ReplayRow.HEADER));
        rows.forEach(r -> lines.add(r.csv()));
        Files.write(Path.of(config.csv()), lines);
    }
}
