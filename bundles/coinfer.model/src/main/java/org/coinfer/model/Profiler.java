package org.coinfer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.coinfer.api.CutPoint;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.api.TensorSpec;

/**
 * Measures, on this host, the part of every exit's path that this host runs: every prefix
 * (cut 0 to cut c) on the device, every suffix (cut c to the output) on the edge. Each part
 * runs on the real tensor the model produces at its first cut, after warm-up, in timed rounds;
 * a round repeats the part back to back until it has lasted {@code roundMs}, and the median of
 * the rounds' mean run times is kept. Rounds longer than a CPU-quota period (a device slowed by
 * a cgroup) see the throttling a lone short run would slip past. The sessions it loads are its
 * own and are unloaded afterwards.
 */
public final class Profiler {
    /** Told after each measured part, so long profiling shows progress. */
    public interface Progress {
        void segmentDone(int done, int total);
    }

    static final String PROFILE_SUFFIX = "#profiling-";
    private static final AtomicLong RUNS = new AtomicLong();

    private final int warmup;
    private final int rounds;
    private final long roundNanos;

    /**
     * @param warmup untimed runs of each part first
     * @param rounds timed rounds of each part
     * @param roundMs least duration of a round; 0 times single runs
     */
    public Profiler(int warmup, int rounds, double roundMs) {
        if (warmup < 0 || rounds < 1 || !(roundMs >= 0)) {
            throw new IllegalArgumentException("profiling needs warmup >= 0, rounds >= 1 and roundMs >= 0, found "
                    + warmup + ", " + rounds + " and " + roundMs);
        }
        this.warmup = warmup;
        this.rounds = rounds;
        this.roundNanos = (long) (roundMs * 1e6);
    }

    public static Profiler of(ProfilerConfig config) {
        return new Profiler(config.warmup(), config.rounds(), config.roundMs());
    }

    /**
     * What a profiling run measured besides the medians: how much each part's rounds spread,
     * and how long loading each part's segment took.
     *
     * @param spread for each exit and cut, as {@link HostProfile#pathMs()}, the relative
     *     interquartile range of the part's rounds (0 where nothing was timed)
     * @param loads one per part timed: the segment's size in bytes and its load time in ms
     */
    public record Measured(HostProfile profile, List<List<Double>> spread, List<Load> loads) {
        public Measured {
            spread = spread.stream().map(List::copyOf).toList();
            loads = List.copyOf(loads);
        }
    }

    /** The time to load one segment of {@code bytes} bytes. */
    public record Load(long bytes, double ms) {
    }

    /** @throws InterruptedException when the thread is interrupted: a container stopping does not wait for profiling */
    public HostProfile profile(InferenceBackend backend, LoadedModel model, Host host, Progress progress)
            throws InferenceException, InterruptedException {
        return measure(backend, model, host, progress).profile();
    }

    /** As {@link #profile}, with each part's spread and the segments' load times. */
    public Measured measure(InferenceBackend backend, LoadedModel model, Host host, Progress progress)
            throws InferenceException, InterruptedException {
        List<Exit> exits = model.description().exits();
        // Exits share their backbone: a part between the same two tensors is timed once.
        Map<String, double[]> timed = new HashMap<>();
        List<Load> loads = new ArrayList<>();
        int total = (int) exits.stream().flatMap(e -> IntStream.rangeClosed(0, e.layers()).mapToObj(c -> Part.of(e, c, host)))
                .filter(p -> !p.empty()).map(p -> p.id(model)).distinct().count();
        // Sessions loaded under a key of this run alone: unloading them never pulls a segment
        // from under a request or another profiling run.
        String runId = model.id() + PROFILE_SUFFIX + RUNS.incrementAndGet();
        List<List<Double>> perExit = new ArrayList<>();
        List<List<Double>> spreads = new ArrayList<>();
        for (Exit exit : exits) {
            List<Double> times = new ArrayList<>();
            List<Double> spread = new ArrayList<>();
            for (int c = 0; c <= exit.layers(); c++) {
                Part p = Part.of(exit, c, host);
                if (p.empty()) {
                    times.add(0.0);
                    spread.add(0.0);
                    continue;
                }
                String id = p.id(model);
                if (!timed.containsKey(id)) {
                    SegmentKey key = p.key(runId);
                    byte[] segment = model.segment(p.key(model.id()));
                    long t0 = System.nanoTime();
                    backend.load(key, segment);
                    loads.add(new Load(segment.length, (System.nanoTime() - t0) / 1e6));
                    try {
                        timed.put(id, time(backend, key, zeros(model, exit.cut(p.from()).tensor())));
                    } finally {
                        backend.unload(key);
                    }
                    progress.segmentDone(timed.size(), total);
                }
                times.add(timed.get(id)[0]);
                spread.add(timed.get(id)[1]);
            }
            perExit.add(times);
            spreads.add(spread);
        }
        return new Measured(new HostProfile(model.id(), model.description().contentHash(), host, perExit), spreads, loads);
    }

    /** The part of an exit's path that ends (device) or starts (edge) at cut {@code c}; may be empty. */
    private record Part(int exit, int from, int to) {
        static Part of(Exit e, int c, Host host) {
            return host == Host.DEVICE ? new Part(e.number(), 0, c) : new Part(e.number(), c, e.layers());
        }

        boolean empty() {
            return from == to;
        }

        SegmentKey key(String modelId) {
            return new SegmentKey(modelId, exit, from, to);
        }

        String id(LoadedModel model) {
            List<CutPoint> cuts = model.description().exit(exit).cuts();
            return cuts.get(from).tensor() + " -> " + cuts.get(to).tensor();
        }
    }

    /** Zeros shaped like a tensor of the model: compute time does not depend on the values. */
    private static Tensor zeros(LoadedModel model, String tensor) {
        long[] shape = model.graph().shape(tensor);
        if (shape == null) {
            throw new IllegalArgumentException("cannot tell the shape of tensor '" + tensor + "' of model " + model.id());
        }
        return Inputs.zeros(new TensorSpec(tensor, model.description().input().dtype(), shape));
    }

    /** Median over the rounds of the mean run time, in milliseconds, and the rounds' relative interquartile range. */
    private double[] time(InferenceBackend backend, SegmentKey key, Tensor in) throws InferenceException, InterruptedException {
        for (int i = 0; i < warmup; i++) {
            backend.infer(key, in);
        }
        double[] nanos = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            long elapsed;
            int runs = 0;
            do {
                if (Thread.interrupted()) {
                    throw new InterruptedException("profiling of " + key + " interrupted");
                }
                backend.infer(key, in);
                runs++;
                elapsed = System.nanoTime() - t0;
            } while (elapsed < roundNanos);
            nanos[i] = (double) elapsed / runs;
        }
        double median = median(nanos);
        return new double[] {median / 1e6, median > 0 ? (quantile(nanos, 0.75) - quantile(nanos, 0.25)) / median : 0};
    }

    /** Linear interpolation between the closest ranks. */
    static double quantile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
    }
}
