package org.coinfer.strategy.edgent.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.coinfer.api.CutPoint;
import org.coinfer.api.DType;
import org.coinfer.api.Exit;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.PlanningContext;
import org.coinfer.api.TensorSpec;
import org.coinfer.testing.LayerTimes;

/**
 * A random planning problem shaped like a BranchyNet: exits branch off a shared backbone and
 * add a head of their own. Layer times, tensor sizes and accuracies are drawn so that ties
 * (equal accuracies, equal latencies, equal sizes, zero-cost layers) and missing accuracies
 * occur often enough to exercise every rule of the decision.
 */
record RandomCase(ModelDescription model, LatencyPredictor predictor, NetworkConditions network, double deadlineMs) {

    PlanningContext context() {
        return context(network);
    }

    PlanningContext context(NetworkConditions n) {
        return new PlanningContext(model, n, new LatencyRequirement(deadlineMs), predictor);
    }

    static RandomCase draw(Random r) {
        boolean coarse = r.nextInt(3) == 0; // integer times and sizes from few values: many exact ties
        int backbone = 1 + r.nextInt(12);
        double[][] backboneMs = new double[2][backbone];
        long[] backboneBytes = new long[backbone + 1];
        backboneBytes[0] = size(r, coarse);
        for (int k = 0; k < backbone; k++) {
            backboneMs[0][k] = time(r, coarse, 40);
            backboneMs[1][k] = time(r, coarse, 4);
            backboneBytes[k + 1] = size(r, coarse);
        }
        int exits = 1 + r.nextInt(5);
        int[] branchAt = new int[exits];
        for (int e = 0; e < exits; e++) {
            branchAt[e] = e == exits - 1 ? backbone : r.nextInt(backbone + 1);
        }
        java.util.Arrays.sort(branchAt);
        double[] accuracy = accuracies(r, exits);
        List<Exit> list = new ArrayList<>();
        double[][][] layerMs = new double[2][exits][];
        for (int e = 0; e < exits; e++) {
            int head = 1 + r.nextInt(3);
            int n = branchAt[e] + head;
            List<CutPoint> cuts = new ArrayList<>();
            layerMs[0][e] = new double[n];
            layerMs[1][e] = new double[n];
            for (int c = 0; c <= n; c++) {
                long bytes = c <= branchAt[e] ? backboneBytes[c] : size(r, coarse);
                cuts.add(new CutPoint(c, c == n ? "exit" + (e + 1) : "t" + c, bytes));
            }
            for (int k = 0; k < n; k++) {
                boolean shared = k < branchAt[e];
                layerMs[0][e][k] = shared ? backboneMs[0][k] : time(r, coarse, 10);
                layerMs[1][e][k] = shared ? backboneMs[1][k] : time(r, coarse, 1);
            }
            list.add(new Exit(e + 1, "exit" + (e + 1), accuracy[e], cuts));
        }
        ModelDescription model = new ModelDescription("random", "0".repeat(64),
                new TensorSpec("t0", DType.FLOAT32, new long[] {1, backboneBytes[0] / 4}), list);
        double up = Math.pow(10, 4 + 5 * r.nextDouble()); // 10 kbit/s .. 1 Gbit/s
        double down = r.nextInt(4) == 0 ? up : Math.pow(10, 4 + 5 * r.nextDouble());
        double rtt = coarse ? r.nextInt(4) * 5 : 100 * r.nextDouble() * r.nextDouble();
        RandomCase probe = new RandomCase(model, LayerTimes.table(layerMs), new NetworkConditions(up, down, rtt), 1);
        return new RandomCase(model, probe.predictor, probe.network, deadline(r, probe));
    }

    /**
     * A requirement below the fastest plan (about a third of the cases), exactly some plan's
     * latency (a fifth: the boundary), or log-uniform between the fastest and the slowest plan.
     */
    private static double deadline(Random r, RandomCase c) {
        List<Double> latencies = new ArrayList<>();
        PlanningContext ctx = c.context();
        for (Exit e : c.model.exits()) {
            for (int cut = 0; cut <= e.layers(); cut++) {
                latencies.add(ctx.predict(e.number(), cut).totalMs());
            }
        }
        double min = latencies.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = latencies.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        int kind = r.nextInt(20);
        double d;
        if (kind < 7) {
            d = min * (0.3 + 0.7 * r.nextDouble());
        } else if (kind < 11) {
            d = latencies.get(r.nextInt(latencies.size()));
        } else {
            double lo = Math.max(min, 1e-3); // a path of zero-cost layers takes 0 ms
            d = lo * Math.pow(Math.max(max, lo) / lo, r.nextDouble());
        }
        return Math.max(d, 1e-6);
    }

    private static double[] accuracies(Random r, int exits) {
        double[] a = new double[exits];
        int kind = r.nextInt(10);
        for (int e = 0; e < exits; e++) {
            if (kind == 0) {
                a[e] = Double.NaN; // never measured
            } else if (kind == 1 && r.nextBoolean()) {
                a[e] = Double.NaN; // partly measured
            } else if (e > 0 && r.nextInt(4) == 0) {
                a[e] = a[r.nextInt(e)]; // a tie with an earlier exit
            } else {
                a[e] = 0.3 + 0.7 * r.nextDouble(); // not necessarily rising with depth
            }
        }
        return a;
    }

    private static double time(Random r, boolean coarse, double scale) {
        if (r.nextInt(6) == 0) {
            return 0; // a layer too cheap to measure (flatten, reshape)
        }
        return coarse ? r.nextInt(4) * scale / 4 : scale * r.nextDouble();
    }

    private static long size(Random r, boolean coarse) {
        return coarse ? 4L * (1 + r.nextInt(3)) * 1000 : 4L * (1 + r.nextInt(100_000));
    }
}
