package org.coinfer.bench;

import java.util.ArrayList;
import java.util.List;
import org.coinfer.api.CutPoint;
import org.coinfer.api.DType;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.LatencyPredictor;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.TensorSpec;

/**
 * Per-layer times of one model from a table, kept as prefix sums so a segment costs two
 * lookups: the decision benchmark then measures the strategy, not the predictor.
 */
final class TablePredictor implements LatencyPredictor {
    private final String modelId;
    /** [host][exit - 1][cut]: milliseconds to run the path from the input up to that cut. */
    private final double[][][] prefix;

    /** Invented but plausible times: a layer costs more the larger its input; the edge is 8x faster. */
    static TablePredictor synthetic(ModelDescription model) {
        double[][][] prefix = new double[2][model.exits().size()][];
        for (int e = 0; e < model.exits().size(); e++) {
            List<CutPoint> cuts = model.exits().get(e).cuts();
            double[] device = new double[cuts.size()];
            double[] edge = new double[cuts.size()];
            for (int c = 1; c < cuts.size(); c++) {
                double layer = 0.05 + cuts.get(c - 1).bytes() / 20_000.0;
                device[c] = device[c - 1] + layer;
                edge[c] = edge[c - 1] + layer / 8;
            }
            prefix[Host.DEVICE.ordinal()][e] = device;
            prefix[Host.EDGE.ordinal()][e] = edge;
        }
        return new TablePredictor(model.id(), prefix);
    }

    private TablePredictor(String modelId, double[][][] prefix) {
        this.modelId = modelId;
        this.prefix = prefix;
    }

    @Override
    public double predictMs(Host host, ModelDescription model, int exit, int fromCut, int toCut) {
        if (!covers(model)) {
            throw new IllegalArgumentException("no latency table for model " + model.id());
        }
        double[] p = prefix[host.ordinal()][exit - 1];
        return p[toCut] - p[fromCut];
    }

    @Override
    public boolean covers(ModelDescription model) {
        return model.id().equals(modelId);
    }

    /**
     * A chain of {@code layers} layers, its tensors shrinking and growing like a CNN's, with
     * {@code exits} exits branching off it at even intervals (the last at its end), each after a
     * one-layer head of its own; accuracy rises with depth.
     */
    static ModelDescription chain(int layers, int exits) {
        List<CutPoint> backbone = new ArrayList<>();
        for (int c = 0; c <= layers; c++) {
            long bytes = 4L * (1_000 + (c * 7919L) % 150_000);
            backbone.add(new CutPoint(c, "t" + c, bytes));
        }
        List<Exit> list = new ArrayList<>();
        for (int e = 1; e <= exits; e++) {
            int at = layers * e / exits;
            List<CutPoint> cuts = new ArrayList<>(backbone.subList(0, at + 1));
            cuts.add(new CutPoint(at + 1, "exit" + e, 40));
            list.add(new Exit(e, "exit" + e, 0.5 + 0.4 * e / exits, cuts));
        }
        return new ModelDescription("chain-" + layers, "0".repeat(64),
                new TensorSpec("t0", DType.FLOAT32, new long[] {1, backbone.get(0).bytes() / 4}), list);
    }
}
