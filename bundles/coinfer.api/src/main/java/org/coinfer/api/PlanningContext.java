package org.coinfer.api;

import java.util.Comparator;

/**
 * Everything a strategy decides from, and the one latency formula all strategies share:
 * {@code T = device(1..c) + bytes(c)/B_up + RTT + edge(c+1..n) + bytes(result)/B_down},
 * where a device-only plan sends nothing and pays no round trip.
 *
 * @param link the link as estimated now, with its age and spread
 */
public record PlanningContext(ModelDescription model, LinkEstimate link,
                              LatencyRequirement requirement, LatencyPredictor predictor) {
    public PlanningContext {
        if (model == null || link == null || requirement == null || predictor == null) {
            throw new IllegalArgumentException("a planning context needs a model, a link, a requirement and a predictor; missing:"
                    + (model == null ? " model" : "") + (link == null ? " link" : "") + (requirement == null ? " requirement" : "")
                    + (predictor == null ? " predictor" : ""));
        }
    }

    /** A context for conditions known exactly (what-if planning, tests). */
    public PlanningContext(ModelDescription model, NetworkConditions network, LatencyRequirement requirement,
                           LatencyPredictor predictor) {
        this(model, LinkEstimate.exact(network), requirement, predictor);
    }

    /** The estimated link conditions the plans are predicted for. */
    public NetworkConditions network() {
        return link.conditions();
    }

    /** The predicted latency of leaving at {@code exit} with the path split at {@code cut}. */
    public LatencyBreakdown predict(int exit, int cut) {
        Exit e = model.exit(exit);
        int n = e.layers();
        if (cut < 0 || cut > n) {
            throw new IllegalArgumentException("exit " + exit + " has cuts 0.." + n + ", not " + cut);
        }
        double device = predictor.predictMs(Host.DEVICE, model, exit, 0, cut);
        if (cut == n) {
            return new LatencyBreakdown(device, 0, 0, 0, 0);
        }
        NetworkConditions network = network();
        return new LatencyBreakdown(device,
                network.uploadMs(e.cut(cut).bytes()),
                network.rttMs(),
                predictor.predictMs(Host.EDGE, model, exit, cut, n),
                network.downloadMs(e.cut(n).bytes()));
    }

    /** A plan for ({@code exit}, {@code cut}) with its predicted latency checked against the requirement. */
    public Plan plan(String strategy, int exit, int cut) {
        LatencyBreakdown t = predict(exit, cut);
        return new Plan(strategy, exit, cut, t, requirement.isMetBy(t.totalMs()));
    }

    /** Bytes a plan moves over the link: the tensor at its cut and the exit's result; none for device-only. */
    public long linkBytes(int exit, int cut) {
        Exit e = model.exit(exit);
        return cut == e.layers() ? 0 : e.cut(cut).bytes() + e.cut(e.layers()).bytes();
    }

    /**
     * Orders plans by predicted latency; among equally fast ones, fewer bytes on the link come
     * first (less exposed to the link changing), then less device compute (the device is the
     * scarce side).
     */
    public Comparator<Plan> fastestFirst() {
        return Comparator.<Plan>comparingDouble(p -> p.predicted().totalMs())
                .thenComparingLong(p -> linkBytes(p.exit(), p.cut()))
                .thenComparingDouble(p -> p.predicted().deviceMs());
    }

    /** The fastest plan among all cuts of one exit, by {@link #fastestFirst()}; the earliest cut on full ties. */
    public Plan fastestCut(String strategy, int exit) {
        Comparator<Plan> order = fastestFirst();
        Plan best = null;
        for (int c = 0; c <= model.exit(exit).layers(); c++) {
            Plan p = plan(strategy, exit, c);
            if (best == null || order.compare(p, best) < 0) {
                best = p;
            }
        }
        return best;
    }
}
