package org.coinfer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;

/**
 * Measures every segment between consecutive cuts of every exit on this host: each segment
 * runs on the real tensor its predecessor produced, after warm-up, and its median time over
 * the repetitions is kept. The sessions it loads are its own and are unloaded afterwards.
 */
public final class Profiler {
    /** Told after each measured segment, so long profiling shows progress. */
    public interface Progress {
        void segmentDone(int done, int total);
    }

    static final String PROFILE_SUFFIX = "#profiling";

    private final int warmup;
    private final int repetitions;

    public Profiler(int warmup, int repetitions) {
        if (warmup < 0 || repetitions < 1) {
            throw new IllegalArgumentException("profiling needs warmup >= 0 and repetitions >= 1, found "
                    + warmup + " and " + repetitions);
        }
        this.warmup = warmup;
        this.repetitions = repetitions;
    }

    public HostProfile profile(InferenceBackend backend, LoadedModel model, Host host, Progress progress)
            throws InferenceException {
        List<Exit> exits = model.description().exits();
        int total = exits.stream().mapToInt(Exit::layers).sum();
        int done = 0;
        List<List<Double>> perExit = new ArrayList<>();
        for (Exit exit : exits) {
            List<Double> times = new ArrayList<>();
            Tensor x = Inputs.zeros(model.description().input());
            for (int k = 0; k < exit.layers(); k++) {
                // Profiling loads its own sessions under a key no request uses, so unloading them
                // afterwards never pulls a segment from under a concurrent request.
                SegmentKey key = new SegmentKey(model.id() + PROFILE_SUFFIX, exit.number(), k, k + 1);
                backend.load(key, model.segment(new SegmentKey(model.id(), exit.number(), k, k + 1)));
                Tensor out = null;
                for (int i = 0; i < warmup; i++) {
                    out = backend.infer(key, x);
                }
                long[] nanos = new long[repetitions];
                for (int i = 0; i < repetitions; i++) {
                    long t0 = System.nanoTime();
                    out = backend.infer(key, x);
                    nanos[i] = System.nanoTime() - t0;
                }
                backend.unload(key);
                times.add(median(nanos) / 1e6);
                x = out;
                progress.segmentDone(++done, total);
            }
            perExit.add(times);
        }
        return new HostProfile(model.id(), model.description().contentHash(), host, perExit);
    }

    static double median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
    }
}
