package org.coinfer.api;

/**
 * Everything a strategy decides from, and the one latency formula all strategies share:
 * {@code T = device(1..c) + bytes(c)/B_up + RTT + edge(c+1..n) + bytes(result)/B_down},
 * where a device-only plan sends nothing and pays no round trip.
 */
public record PlanningContext(ModelDescription model, NetworkConditions network,
                              LatencyRequirement requirement, LatencyPredictor predictor) {

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

    /** The plan with the least predicted latency among all cuts of one exit (the earliest cut on ties). */
    public Plan fastestCut(String strategy, int exit) {
        Plan best = null;
        for (int c = 0; c <= model.exit(exit).layers(); c++) {
            Plan p = plan(strategy, exit, c);
            if (best == null || p.predicted().totalMs() < best.predicted().totalMs()) {
                best = p;
            }
        }
        return best;
    }
}
