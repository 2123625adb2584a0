package org.coinfer.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.coinfer.api.CoInference;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.Outcome;

/**
 * The measuring loop the demo and the experiments share: the link shaped to each rate in turn
 * (the estimate followed over each step), then every strategy under every requirement, a few
 * unrecorded requests first and then several measured ones per point.
 */
final class Sweep {
    private final CoInference coinference;
    private final Shaper shaper;
    private final Inputs inputs;
    private final PrintStream out;
    private int next;

    /** What was measured: one row per strategy, rate and requirement, and the estimate over each step. */
    record Result(List<Row> rows, List<Step> steps) {
    }

    Sweep(CoInference coinference, Shaper shaper, Inputs inputs, PrintStream out) {
        this.coinference = coinference;
        this.shaper = shaper;
        this.inputs = inputs;
        this.out = out;
    }

    /** The link is assumed shaped to {@code rates[0]} already. */
    Result run(double[] rates, double[] deadlines, List<String> strategies, int warmup, int requests, int stepRequests) throws Exception {
        ModelDescription model = coinference.context(null, new LatencyRequirement(1)).model();
        List<Row> rows = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        int points = rates.length * deadlines.length * strategies.size();
        for (int i = 0; i < rates.length; i++) {
            double mbps = rates[i];
            long phaseStart = System.nanoTime();
            double[] probeMs = {0};
            if (i > 0) {
                shaper.apply(mbps);
                Step step = Step.follow(coinference, inputs.image(next), rates[i - 1], mbps, stepRequests, probeMs);
                next += stepRequests;
                steps.add(step);
                out.println(step.describe());
            }
            out.println(Row.tableHeader());
            for (String strategy : strategies) {
                for (int w = 0; w < warmup; w++, next++) {
                    probeMs[0] += coinference.infer(null, inputs.image(next), new LatencyRequirement(deadlines[0]), strategy).probeMs();
                }
                for (double deadline : deadlines) {
                    Point point = new Point();
                    for (int r = 0; r < requests; r++, next++) {
                        Outcome o = coinference.infer(null, inputs.image(next), new LatencyRequirement(deadline), strategy);
                        probeMs[0] += o.probeMs();
                        point.add(o, inputs.correct(next, o.output()), deadline, model.exit(o.plan().exit()).accuracy());
                    }
                    Row row = point.row(strategy, mbps, deadline);
                    rows.add(row);
                    out.printf(Locale.ROOT, "%s  [%d/%d]%n", row.tableLine(), rows.size(), points);
                }
            }
            double phaseMs = (System.nanoTime() - phaseStart) / 1e6;
            // Probes between requests (the default) are in the run's total, printed at the end, not here.
            out.printf(Locale.ROOT, "probes carried by requests at %s Mbit/s: %.0f ms of %.1f s, %.2f%% of the link's time%n",
                    Row.num(mbps), probeMs[0], phaseMs / 1e3, 100 * probeMs[0] / phaseMs);
        }
        return new Result(rows, steps);
    }
}
