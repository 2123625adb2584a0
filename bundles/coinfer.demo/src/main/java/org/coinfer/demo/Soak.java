package org.coinfer.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.coinfer.api.CoInference;
import org.coinfer.api.Exit;
import org.coinfer.api.InferenceBackend;
import org.coinfer.api.InferenceException;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.Outcome;
import org.coinfer.api.SegmentKey;
import org.coinfer.api.Tensor;
import org.coinfer.model.LoadedModel;

/**
 * One soak run: the strategies take turns, and after each round of them the next requirement;
 * a thread changes the link's rate every {@code flapEveryS}. A request that throws is failed;
 * one whose output differs from its exit's whole path run locally by more than the tolerance
 * is wrong. Inputs cycle through a pool, so each reference is computed once.
 */
record Soak(CoInference coinference, LoadedModel model, InferenceBackend backend, Shaper shaper, SoakRunner.Config config,
        PrintStream out) {
    private static final int POOL = 64;
    private static final int SHOWN = 5;

    void run() throws Exception {
        double[] deadlines = positive(config.deadlinesMs(), "deadlinesMs", "ms");
        double[] rates = positive(config.ratesMbps(), "ratesMbps", "Mbit/s");
        if (config.requests() < 1 || !(config.flapEveryS() >= 0) || !(config.tolerance() >= 0)) {
            throw new IllegalArgumentException(SoakRunner.PID + ": expected requests >= 1, flapEveryS >= 0 and tolerance >= 0, found "
                    + config.requests() + ", " + config.flapEveryS() + " and " + config.tolerance());
        }
        Inputs inputs = Inputs.load(out);
        Tensor[] pool = new Tensor[POOL];
        for (int k = 0; k < POOL; k++) {
            pool[k] = inputs.image(k); // fixed, so a random input's reference stays its own
        }
        shaper.apply(rates[0]);
        out.println("link shaping: " + shaper.describe());
        Drivers.awaitReady(coinference, pool[0], config.readyTimeoutS(), out);
        List<String> strategies = Drivers.strategies(coinference, config.strategies(), SoakRunner.PID);
        out.printf(Locale.ROOT, "soak: %d requests; strategies %s take turns under %s ms; link %s Mbit/s%s%n", config.requests(),
                strategies, Arrays.toString(deadlines), Arrays.toString(rates),
                config.flapEveryS() > 0 ? ", a new rate every " + config.flapEveryS() + " s" : "");
        if (!config.startedFile().isEmpty()) {
            Files.writeString(Path.of(config.startedFile()), "started\n");
        }
        Thread flapper = config.flapEveryS() > 0 ? flap(rates) : null;
        Tally tally = new Tally(config.requests());
        try (References refs = new References(model, backend)) {
            for (int i = 0; i < config.requests(); i++) {
                int input = i % POOL;
                String strategy = strategies.get(i % strategies.size());
                double deadline = deadlines[(i / strategies.size()) % deadlines.length];
                Tensor image = pool[input];
                try {
                    Outcome o = coinference.infer(null, image, new LatencyRequirement(deadline), strategy);
                    double diff = refs.of(o.plan().exit(), input, image).maxAbsDifference(o.output());
                    tally.served(o, diff <= config.tolerance());
                    if (!(diff <= config.tolerance()) && tally.wrong <= SHOWN) {
                        out.printf(Locale.ROOT, "wrong: request %d (%s, exit %d, cut %d): differs by %.3g%n", i, strategy,
                                o.plan().exit(), o.plan().cut(), diff);
                    }
                } catch (InferenceException | RuntimeException e) {
                    tally.failed++;
                    if (tally.failed <= SHOWN) {
                        out.printf("failed: request %d (%s): %s%n", i, strategy, e);
                    }
                }
                if ((i + 1) % 500 == 0 || i + 1 == config.requests()) {
                    out.println("soak: " + tally.progress(i + 1));
                }
            }
        } finally {
            if (flapper != null) {
                flapper.interrupt();
                flapper.join(5_000);
            }
        }
        String json = tally.json();
        if (config.resultFile().isEmpty()) {
            out.println(json);
        } else {
            Files.writeString(Path.of(config.resultFile()), json + "\n");
        }
    }

    private Thread flap(double[] rates) {
        Thread t = new Thread(() -> {
            try {
                for (int k = 1; !Thread.currentThread().isInterrupted(); k++) {
                    Thread.sleep(Math.round(config.flapEveryS() * 1000));
                    shaper.apply(rates[k % rates.length]);
                }
            } catch (InterruptedException e) {
                // the run is over
            } catch (IOException e) {
                out.println("soak: the link's rate could not be changed: " + e.getMessage());
            }
        }, "coinfer-soak-flap");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static double[] positive(double[] values, String field, String unit) {
        if (values.length == 0 || Arrays.stream(values).anyMatch(v -> !(v > 0))) {
            throw new IllegalArgumentException(SoakRunner.PID + ": " + field + ": expected one or more values above 0 " + unit
                    + ", found " + Arrays.toString(values));
        }
        return values;
    }

    /** Counts and latencies of the requests served so far. */
    private static final class Tally {
        private final double[] latencies;
        private int served;
        int failed;
        int wrong;
        private int fellBack;

        Tally(int requests) {
            latencies = new double[requests];
        }

        void served(Outcome o, boolean right) {
            latencies[served++] = o.totalMs();
            if (!right) {
                wrong++;
            }
            if (o.fellBack()) {
                fellBack++;
            }
        }

        String progress(int sent) {
            return String.format(Locale.ROOT, "%d requests, %d failed, %d wrong, %d fell back", sent, failed, wrong, fellBack);
        }

        String json() {
            double[] sorted = Arrays.copyOf(latencies, served);
            Arrays.sort(sorted);
            return String.format(Locale.ROOT, "{\"requests\":%d,\"failed\":%d,\"wrong\":%d,\"fellBack\":%d,\"p50Ms\":%.1f,\"p99Ms\":%.1f}",
                    served + failed, failed, wrong, fellBack, quantile(sorted, 0.5), quantile(sorted, 0.99));
        }

        private static double quantile(double[] sorted, double q) {
            return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
        }
    }

    /** Each exit's whole path, loaded once on the real backend, and its output for each pooled input. */
    private static final class References implements AutoCloseable {
        private final LoadedModel model;
        private final InferenceBackend backend;
        private final Map<Integer, SegmentKey> loaded = new HashMap<>();
        private final Map<Long, Tensor> outputs = new HashMap<>();

        References(LoadedModel model, InferenceBackend backend) {
            this.model = model;
            this.backend = backend;
        }

        Tensor of(int exitNumber, int input, Tensor image) throws InferenceException {
            Tensor t = outputs.get((long) exitNumber << 32 | input);
            if (t == null) {
                t = backend.infer(key(exitNumber), image);
                outputs.put((long) exitNumber << 32 | input, t);
            }
            return t;
        }

        private SegmentKey key(int exitNumber) throws InferenceException {
            SegmentKey key = loaded.get(exitNumber);
            if (key == null) {
                Exit exit = model.description().exit(exitNumber);
                byte[] whole = model.segment(new SegmentKey(model.id(), exitNumber, 0, exit.layers()));
                key = new SegmentKey("soak-reference-" + model.id(), exitNumber, 0, exit.layers());
                backend.load(key, whole);
                loaded.put(exitNumber, key);
            }
            return key;
        }

        @Override
        public void close() {
            loaded.values().forEach(backend::unload);
        }
    }
}
