package org.coinfer.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.coinfer.api.CoInference;
import org.coinfer.api.Exit;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.PlanningContext;
import org.coinfer.strategy.edgent.JointOptimizer;

/**
 * One of the article's experiments on the real pair, for every installed strategy. Fig. 5: one
 * requirement, the link swept from slow to fast. Fig. 6: one rate, requirements from tight to
 * loose. Writes NAME.csv (one row per strategy and point) and NAME.md (set-up, tables, and
 * whether the article's finding holds here).
 */
record Experiment(CoInference coinference, Shaper shaper, String emulation, ExperimentRunner.Config config, PrintStream out) {
    static final String FIG5 = "fig5";
    static final String FIG6 = "fig6";

    void run() throws Exception {
        String name = config.experiment();
        if (!name.equals(FIG5) && !name.equals(FIG6)) {
            throw new IllegalArgumentException(ExperimentRunner.PID + ": experiment: expected fig5 or fig6, found '" + name + "'");
        }
        Path dir = Path.of(config.out());
        Drivers.checkCsvFolder(dir.resolve(name + ".csv").toString());
        Inputs inputs = Inputs.load(out);
        Drivers.awaitReady(coinference, inputs.image(0), config.readyTimeoutS(), out);
        double[] rates = name.equals(FIG5) ? rates() : new double[] {positive("mbps", config.mbps())};
        shaper.apply(rates[0]);
        out.println("link shaping: " + shaper.describe());
        out.println("device: " + emulation);
        Emulation measured = Emulation.measure(coinference, inputs.image(0), config.emulationRequests());
        out.println(measured.describe());
        PlanningContext now = coinference.context(null, new LatencyRequirement(1));
        Requirements profiles = Requirements.choose(now, rates, new double[0], 2);
        double[] deadlines;
        String chosen;
        if (name.equals(FIG5)) {
            double d = config.deadlineMs() > 0 ? config.deadlineMs() : sweepRequirement(now, profiles, rates);
            deadlines = new double[] {d};
            chosen = config.deadlineMs() > 0 ? "given" : String.format(Locale.ROOT, "chosen from the profiles: of %d candidates "
                    + "between the fastest plan and the final exit on the device, the one at which edgent's predicted exit changes most "
                    + "often across the rates, %.0f%% from every plan's predicted latency", SWEEP_CANDIDATES, 100 * profiles.distance(d));
        } else {
            deadlines = config.deadlinesMs().length > 0 ? config.deadlinesMs()
                    : profiles.spread(0.8 * profiles.fastestPlanMs(), 1.25 * profiles.slowestPlanMs(), Math.max(2, config.points()));
            chosen = config.deadlinesMs().length > 0 ? "given" : String.format(Locale.ROOT, "chosen from the profiles: from 0.8x the "
                    + "fastest plan's predicted latency (%.1f ms) to 1.25x the slowest (%.1f ms), log-spaced, each moved within its "
                    + "share of the range away from every plan's predicted latency", profiles.fastestPlanMs(), profiles.slowestPlanMs());
        }
        out.printf(Locale.ROOT, "requirements: %s ms (%s)%n", Report.list(deadlines), chosen);
        List<String> strategies = coinference.strategies();
        out.println("strategies: " + strategies);
        Sweep.Result result = new Sweep(coinference, shaper, inputs, out).run(rates, deadlines, strategies, config.warmup(),
                config.requests(), config.stepRequests());
        List<String> lines = new ArrayList<>(List.of(Row.HEADER));
        result.rows().forEach(r -> lines.add(r.csv()));
        Path csv = Files.write(dir.resolve(name + ".csv"), lines);
        Report report = new Report(name, result.rows(), now.model(), measured, shaper.describe(), emulation, chosen, config.requests());
        Path md = Files.writeString(dir.resolve(name + ".md"), report.markdown());
        out.println(report.finding());
        out.println("wrote " + csv + " and " + md);
    }

    /** The rates of Fig. 5: given, or log-spaced from 50 kbit/s to 10 Mbit/s. */
    private double[] rates() {
        if (config.ratesMbps().length > 0) {
            for (double r : config.ratesMbps()) {
                positive("ratesMbps", r);
            }
            return config.ratesMbps();
        }
        int n = Math.max(2, config.points());
        double[] rates = new double[n];
        for (int i = 0; i < n; i++) {
            rates[i] = Math.round(1000 * 0.05 * Math.pow(10 / 0.05, (double) i / (n - 1))) / 1000.0;
        }
        return rates;
    }

    private static double positive(String field, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(ExperimentRunner.PID + ": " + field + ": expected a rate above 0 Mbit/s, found " + v);
        }
        return v;
    }

    static final int SWEEP_CANDIDATES = 24;

    /**
     * Fig. 5's requirement: among candidates from the fastest plan to the final exit on the
     * device, the one at which edgent's predicted choice takes the most different exits over the
     * rates, so that the sweep shows exits change; ties go to the one farthest from every plan.
     */
    static double sweepRequirement(PlanningContext now, Requirements profiles, double[] rates) {
        List<Exit> exits = now.model().exits();
        Exit last = exits.get(exits.size() - 1);
        double deviceFinal = now.predict(last.number(), last.layers()).deviceMs();
        double best = Double.NaN;
        int bestExits = -1;
        for (double d : profiles.spread(profiles.fastestPlanMs(), deviceFinal, SWEEP_CANDIDATES)) {
            Set<Integer> taken = new HashSet<>();
            for (double mbps : rates) {
                double bps = mbps * 1e6 * Requirements.GOODPUT;
                PlanningContext at = new PlanningContext(now.model(), new NetworkConditions(bps, bps, now.network().rttMs()),
                        new LatencyRequirement(d), now.predictor());
                taken.add(JointOptimizer.choose(at, "edgent").exit());
            }
            if (taken.size() > bestExits || taken.size() == bestExits && profiles.distance(d) > profiles.distance(best)) {
                best = d;
                bestExits = taken.size();
            }
        }
        return best;
    }
}
