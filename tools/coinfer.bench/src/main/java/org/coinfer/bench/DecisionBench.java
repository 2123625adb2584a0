package org.coinfer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.PartitionStrategy;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.model.LoadedModel;
import org.coinfer.onnx.DemoModels;
import org.coinfer.strategy.edgent.internal.Edgent;
import org.coinfer.strategy.neurosurgeon.Neurosurgeon;

/**
 * Target 3: time of one decision, including building its PlanningContext as the device
 * runtime does per request, for {@code edgent} (every exit, every cut, in the worst case) and
 * {@code neurosurgeon} (the final exit's cuts). The requirement is tight, so that edgent scans
 * every exit before it falls back to the fastest plan: its slowest case.
 */
final class DecisionBench {
    /** A few links, so successive decisions differ like they would under a changing network. */
    private static final NetworkConditions[] LINKS = {
        new NetworkConditions(50_000, 50_000, 40),
        new NetworkConditions(1_000_000, 1_000_000, 20),
        new NetworkConditions(10_000_000, 10_000_000, 5),
        new NetworkConditions(300_000_000, 300_000_000, 1),
    };

    private final double scale;

    DecisionBench(double scale) {
        this.scale = scale;
    }

    List<Row> run() {
        ModelDescription demo = LoadedModel.of(OverheadBench.MODEL_ID, DemoModels.multiExitCnn(OverheadBench.SEED),
                "built-in", List.of(0.6, 0.85, 0.9, 0.91, 0.92)).description();
        ModelDescription chain = TablePredictor.chain(1_000, 5);
        List<Row> rows = new ArrayList<>();
        for (PartitionStrategy s : List.of(new Edgent(), new Neurosurgeon())) {
            double demoNs = measure(s, demo);
            double chainNs = measure(s, chain);
            System.out.printf(Locale.ROOT, "  %s: %s, %d plans -> %.2f us/decision; %s, %d plans -> %.1f us/decision%n", s.name(),
                    demo.id(), plans(demo), demoNs / 1e3, chain.id(), plans(chain), chainNs / 1e3);
            rows.add(Row.check("decision, B-AlexNet architecture (" + s.name() + ")", demoNs / 1e3, "us", "< 50", demoNs < 50_000,
                    demo.exits().size() + " exits, " + plans(demo) + " (exit, cut) plans, built-in weights"));
            rows.add(Row.check("decision, 1000-layer chain (" + s.name() + ")", chainNs / 1e6, "ms", "< 2", chainNs < 2_000_000,
                    chain.exits().size() + " exits, " + plans(chain) + " plans, table predictor"));
        }
        return rows;
    }

    private static int plans(ModelDescription m) {
        return m.exits().stream().mapToInt(e -> e.cuts().size()).sum();
    }

    /** Median over batches of nanoseconds per decision. */
    private double measure(PartitionStrategy strategy, ModelDescription model) {
        TablePredictor predictor = TablePredictor.synthetic(model);
        LatencyRequirement deadline = new LatencyRequirement(0.001);
        int[] sink = {0};
        Runnable one = new Runnable() {
            private int i;

            @Override
            public void run() {
                PlanningContext ctx = new PlanningContext(model, LINKS[i++ & 3], deadline, predictor);
                Plan p = strategy.plan(ctx);
                sink[0] += p.cut();
            }
        };
        long warmEnd = System.nanoTime() + (long) (1e9 * Math.max(0.5, scale));
        int perBatch = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() < warmEnd) {
            one.run();
            perBatch++;
        }
        // About a millisecond per batch: long enough for the clock, short enough for many batches.
        perBatch = (int) Math.max(1, perBatch * 1e6 / (System.nanoTime() - t0));
        int batches = (int) Math.max(20, 1_000 * scale);
        double[] ns = new double[batches];
        for (int b = 0; b < batches; b++) {
            long s = System.nanoTime();
            for (int k = 0; k < perBatch; k++) {
                one.run();
            }
            ns[b] = (System.nanoTime() - s) / (double) perBatch;
        }
        if (sink[0] == 42) {
            System.out.print("");
        }
        return Stats.median(ns);
    }
}
