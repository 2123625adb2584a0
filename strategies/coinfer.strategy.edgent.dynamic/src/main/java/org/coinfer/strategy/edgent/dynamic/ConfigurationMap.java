package org.coinfer.strategy.edgent.dynamic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coinfer.api.Exit;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.PlanningContext;
import org.coinfer.model.json.JsonFields;
import org.coinfer.model.json.JsonWriter;
import org.coinfer.strategy.edgent.ExitOrder;

/**
 * Edgent's configuration map (TWC 2019): for each bandwidth state, the plan to use while the
 * link is in it, chosen ahead of time for one model, its two hosts' predicted times and one
 * latency requirement. A state's plan is the most accurate one that meets the requirement, less
 * a {@code headroom} for the spread of real requests, at {@code coverage} of the state's trace
 * samples (not only at its typical rate: the link moves within a state between two change
 * points); among those, the one that meets it most often, then the fastest on average. When no
 * plan reaches the coverage, the one that meets it most often, then the fastest.
 *
 * <p>As JSON ({@value #FORMAT}, version {@value #VERSION}):
 * <pre>{"format":"coinfer-dynamic-map","version":1,"model":ID,"contentHash":SHA256,"requirementMs":D,"rttMs":R,
 *  "coverage":C,"headroom":H,"states":[{"fromMbps":A,"toMbps":B|null,"samples":N,"exit":E,"cut":K,"meetShare":S},...]}</pre>
 */
public record ConfigurationMap(String modelId, String contentHash, double requirementMs, double rttMs, double coverage,
        double headroom, BandwidthStates states, List<Entry> entries) {
    public static final String FORMAT = "coinfer-dynamic-map";
    public static final int VERSION = 1;
    /** Rates of a state tried per plan: its samples' quantiles, enough to tell a share to 2%. */
    static final int RATES_PER_STATE = 50;

    public ConfigurationMap {
        entries = List.copyOf(entries);
        if (entries.size() != states.size()) {
            throw new IllegalArgumentException("a configuration map needs one plan per state: " + states.size() + " states, "
                    + entries.size() + " plans");
        }
    }

    /** One state's plan, the trace samples it was chosen on and the share of them at which it meets the requirement. */
    public record Entry(int samples, int exit, int cut, double meetShare) {
    }

    /**
     * Builds the map.
     *
     * @param rttMs the round-trip time the plans are predicted with; both directions of the link run at the trace's rate
     */
    public static ConfigurationMap build(ModelDescription model, LatencyPredictor predictor, LatencyRequirement requirement,
            double rttMs, List<Trace> traces, int states, double coverage, double headroom) {
        if (!(coverage > 0 && coverage <= 1)) {
            throw new IllegalArgumentException("coverage must be in (0, 1], found " + coverage);
        }
        if (!(headroom >= 0 && headroom < 1)) {
            throw new IllegalArgumentException("headroom must be in [0, 1), found " + headroom);
        }
        LatencyRequirement budget = new LatencyRequirement(requirement.deadlineMs() * (1 - headroom));
        BandwidthStates s = BandwidthStates.of(traces, states);
        List<List<Double>> rates = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            rates.add(new ArrayList<>());
        }
        traces.forEach(t -> Arrays.stream(t.mbps()).filter(r -> r > 0).forEach(r -> rates.get(s.state(r)).add(r)));
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            entries.add(choose(model, predictor, budget, rttMs, quantiles(rates.get(i)), rates.get(i).size(), coverage));
        }
        return new ConfigurationMap(model.id(), model.contentHash(), requirement.deadlineMs(), rttMs, coverage, headroom, s, entries);
    }

    private static double[] quantiles(List<Double> rates) {
        double[] r = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = Math.min(RATES_PER_STATE, r.length);
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = r[(int) ((i + 0.5) * r.length / n)];
        }
        return q;
    }

    private static Entry choose(ModelDescription model, LatencyPredictor predictor, LatencyRequirement requirement, double rttMs,
            double[] rates, int samples, double coverage) {
        List<PlanningContext> contexts = Arrays.stream(rates)
                .mapToObj(r -> new PlanningContext(model, new NetworkConditions(r * 1e6, r * 1e6, rttMs), requirement, predictor))
                .toList();
        Entry fallback = null;
        double fallbackMs = 0;
        for (int[] group : ExitOrder.of(model).groups()) {
            Entry best = null;
            double bestMs = 0;
            for (int exit : group) {
                Exit e = model.exit(exit);
                for (int cut = 0; cut <= e.layers(); cut++) {
                    int met = 0;
                    double sum = 0;
                    for (PlanningContext c : contexts) {
                        double ms = c.predict(exit, cut).totalMs();
                        sum += ms;
                        met += requirement.isMetBy(ms) ? 1 : 0;
                    }
                    Entry candidate = new Entry(samples, exit, cut, contexts.isEmpty() ? 0 : (double) met / contexts.size());
                    double mean = contexts.isEmpty() ? 0 : sum / contexts.size();
                    if (best == null || better(candidate, mean, best, bestMs)) {
                        best = candidate;
                        bestMs = mean;
                    }
                }
            }
            if (best.meetShare() >= coverage) {
                return best;
            }
            if (fallback == null || better(best, bestMs, fallback, fallbackMs)) {
                fallback = best;
                fallbackMs = bestMs;
            }
        }
        return fallback;
    }

    private static boolean better(Entry a, double aMs, Entry b, double bMs) {
        return a.meetShare() > b.meetShare() || (a.meetShare() == b.meetShare() && aMs < bMs);
    }

    /** The requirement less the headroom: what a plan must be predicted to meet. */
    public LatencyRequirement budget() {
        return new LatencyRequirement(requirementMs * (1 - headroom));
    }

    /** Whether it was built for this model's content and this requirement. */
    public boolean fits(ModelDescription model, LatencyRequirement requirement) {
        return model.id().equals(modelId) && model.contentHash().equals(contentHash)
                && Math.abs(requirement.deadlineMs() - requirementMs) <= 1e-9 * requirementMs;
    }

    /** The plan for a link at this rate. */
    public Entry entry(double mbps) {
        return entries.get(states.state(mbps));
    }

    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("model", modelId);
        root.put("contentHash", contentHash);
        root.put("requirementMs", requirementMs);
        root.put("rttMs", rttMs);
        root.put("coverage", coverage);
        root.put("headroom", headroom);
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fromMbps", states.edges()[i]);
            m.put("toMbps", i + 1 == entries.size() ? null : states.edges()[i + 1]);
            m.put("samples", e.samples());
            m.put("exit", e.exit());
            m.put("cut", e.cut());
            m.put("meetShare", e.meetShare());
            list.add(m);
        }
        root.put("states", list);
        return JsonWriter.write(root);
    }

    /** Writes the map whole or not at all: a strategy reading the file never sees half of it. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.writeString(tmp, toJson());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static ConfigurationMap read(Path file) throws IOException {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        }
    }

    /** Reads {@link #toJson}; a bad field is an error naming {@code source}, the field, expected and found. */
    public static ConfigurationMap parse(String json, String source) {
        JsonFields root = JsonFields.root(json, source);
        root.requireFormat(FORMAT, VERSION);
        List<Object> list = root.list("states");
        if (list.isEmpty()) {
            throw root.error("states", "expected one or more states, found none");
        }
        double[] edges = new double[list.size() + 1];
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonFields s = root.object("states").at(i);
            String at = s.path();
            edges[i] = s.real("fromMbps");
            if (i == 0 ? edges[i] != 0 : !(edges[i] > edges[i - 1])) {
                throw s.error(at + ".fromMbps", "expected " + (i == 0 ? "0 (the first state starts at 0)" : "more than " + edges[i - 1])
                        + ", found " + edges[i]);
            }
            boolean last = i + 1 == list.size();
            if (last != !s.has("toMbps")) {
                throw s.error(at + ".toMbps", last ? "expected null (the last state has no upper edge)" : "expected the next state's fromMbps");
            }
            entries.add(new Entry((int) s.number("samples"), (int) s.number("exit"), (int) s.number("cut"), s.real("meetShare")));
        }
        edges[list.size()] = Double.POSITIVE_INFINITY;
        return new ConfigurationMap(root.string("model"), root.string("contentHash"), root.real("requirementMs"), root.real("rttMs"),
                root.real("coverage"), root.real("headroom"), new BandwidthStates(edges), entries);
    }

    /** Checks that every state's plan exists in the model: exit and cut in range. Throws naming {@code source}. */
    public void check(ModelDescription model, String source) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.exit() < 1 || e.exit() > model.exits().size()) {
                throw new IllegalArgumentException(source + ": field 'states[" + i + "].exit': expected 1.." + model.exits().size()
                        + " (model " + model.id() + "), found " + e.exit());
            }
            int n = model.exit(e.exit()).layers();
            if (e.cut() < 0 || e.cut() > n) {
                throw new IllegalArgumentException(source + ": field 'states[" + i + "].cut': expected 0.." + n + " (exit " + e.exit()
                        + "), found " + e.cut());
            }
        }
    }
}
