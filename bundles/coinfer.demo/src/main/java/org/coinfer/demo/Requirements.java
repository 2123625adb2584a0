package org.coinfer.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.coinfer.api.Exit;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.PlanningContext;

/**
 * The latency requirements of the demo: fixed ones, and ones chosen from the two profiles so
 * that on a slow link only some exits meet them and so that the plan, not noise, decides
 * whether they are met. For each number k of exits the device alone can meet a requirement
 * with, the range of requirements that admits exactly those k exits is searched for the point
 * farthest, in ratio, from the predicted latency of every plan a strategy would take (each
 * exit's fastest cut, device-only and edge-only plans) at every rate of the schedule; points
 * at least {@link #MARGIN} from all of them are taken. Above the final exit the range runs to
 * {@code aboveFinal} times its device-only time.
 *
 * @param deviceOnlyMs predicted device-only time of each exit, from the earliest
 * @param boundariesMs predicted latency of the plans strategies take, at every rate of the schedule
 * @param aboveFinal how far above the final exit's device-only time to look
 */
record Requirements(double[] fixed, double[] deviceOnlyMs, double[] boundariesMs, double aboveFinal) {
    /** Payload over a packet-shaped link: about this share of the configured rate (measured by the demo). */
    static final double GOODPUT = 0.9;
    private static final int CANDIDATES = 400;
    /** A requirement closer than this to a plan's predicted latency would be decided by noise. */
    static final double MARGIN = 0.15;

    static Requirements choose(PlanningContext context, double[] scheduleMbps, double[] fixed, double aboveFinal) {
        double[] deviceOnly = deviceOnlyMs(context);
        List<Double> boundaries = new ArrayList<>();
        for (double mbps : scheduleMbps) {
            double bps = mbps * 1e6 * GOODPUT;
            PlanningContext at = new PlanningContext(context.model(), new NetworkConditions(bps, bps, context.network().rttMs()),
                    context.requirement(), context.predictor());
            for (Exit e : context.model().exits()) {
                // The plans a strategy takes: each exit's fastest cut, and its device-only and edge-only plans.
                boundaries.add(at.fastestCut("", e.number()).predicted().totalMs());
                boundaries.add(at.predict(e.number(), e.layers()).totalMs());
                boundaries.add(at.predict(e.number(), 0).totalMs());
            }
        }
        return new Requirements(fixed, deviceOnly, boundaries.stream().mapToDouble(Double::doubleValue).toArray(), aboveFinal);
    }

    /** Each exit's predicted time on the device alone, in the model's order (the final exit last). */
    static double[] deviceOnlyMs(PlanningContext context) {
        return context.model().exits().stream().mapToDouble((Exit e) -> context.predict(e.number(), e.layers()).deviceMs()).toArray();
    }

    /**
     * For a replay: the plans whose times do not move with the rate, every exit's device-only
     * time, and the final exit on the edge at the trace's median rate, the other end of the range.
     */
    static Requirements forReplay(double[] deviceOnlyMs, double edgeMs) {
        return new Requirements(new double[0], deviceOnlyMs, DoubleStream.concat(Arrays.stream(deviceOnlyMs), DoubleStream.of(edgeMs)).toArray(), 1);
    }

    /**
     * @param admitted how many exits the device alone meets it with
     * @param margin relative distance to the nearest plan's predicted latency
     */
    record Chosen(double ms, int admitted, double margin) {
    }

    /** The chosen requirements, the tightest first. */
    List<Chosen> chosen() {
        double[] t = deviceOnlyMs.clone();
        Arrays.sort(t);
        List<Chosen> out = new ArrayList<>();
        for (int k = 1; k <= t.length; k++) {
            double lo = t[k - 1];
            double hi = k < t.length ? t[k] : aboveFinal * t[k - 1];
            Chosen best = null;
            for (int i = 1; i < CANDIDATES && hi > lo; i++) {
                double r = round(lo * Math.pow(hi / lo, (double) i / CANDIDATES));
                Chosen c = new Chosen(r, k, distance(r));
                if (r > lo && r < hi && (best == null || c.margin() > best.margin())) {
                    best = c;
                }
            }
            if (best != null && best.margin() >= MARGIN) {
                out.add(best);
            }
        }
        return out;
    }

    /** Relative distance from {@code r} to the nearest plan's predicted latency. */
    double distance(double r) {
        return Math.exp(Arrays.stream(boundariesMs).filter(b -> b > 0).map(b -> Math.abs(Math.log(r / b))).min().orElse(Double.MAX_VALUE)) - 1;
    }

    /**
     * {@code n} requirements from {@code loMs} to {@code hiMs}, tight to loose: the range cut in
     * {@code n} equal shares of its logarithm, and in the middle of each share the point farthest
     * from every plan's predicted latency.
     */
    double[] spread(double loMs, double hiMs, int n) {
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            // The middle 60% of the share, so that neighbours do not crowd at their common edge.
            out[k] = farthestWithin(loMs * Math.pow(hiMs / loMs, (k + 0.2) / n), loMs * Math.pow(hiMs / loMs, (k + 0.8) / n),
                    CANDIDATES / n);
        }
        return Arrays.stream(out).distinct().toArray();
    }

    /** The point from {@code a} to {@code b} (rounded to 0.1 ms) farthest from every plan's predicted latency; their middle on a tie. */
    double farthestWithin(double a, double b, int candidates) {
        double best = round(Math.sqrt(a * b));
        for (int i = 1; i < candidates; i++) {
            double r = round(a * Math.pow(b / a, (double) i / candidates));
            if (distance(r) > distance(best)) {
                best = r;
            }
        }
        return best;
    }

    /** {@link #farthestWithin(double, double, int)} at the search's usual resolution. */
    double farthestWithin(double a, double b) {
        return farthestWithin(a, b, CANDIDATES);
    }

    /** The least and the greatest predicted latency of a plan a strategy would take, at any rate. */
    double fastestPlanMs() {
        return Arrays.stream(boundariesMs).filter(b -> b > 0).min().orElseThrow();
    }

    double slowestPlanMs() {
        return Arrays.stream(boundariesMs).max().orElseThrow();
    }

    /** Every requirement, the tightest first. */
    double[] all() {
        return DoubleStream.concat(chosen().stream().mapToDouble(Chosen::ms), Arrays.stream(fixed)).sorted().distinct().toArray();
    }

    String describe() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "requirements: %s ms fixed, and from the profiles (the exits' device-only times, predicted: %s ms), each at least %.0f%% "
                        + "from every plan's predicted latency at every rate of the schedule:",
                Arrays.stream(fixed).mapToObj(Row::num).collect(Collectors.joining(", ")),
                Arrays.stream(deviceOnlyMs).mapToObj(v -> String.format(Locale.ROOT, "%.1f", v)).collect(Collectors.joining(", ")),
                100 * MARGIN));
        for (Chosen c : chosen()) {
            sb.append(String.format(Locale.ROOT, "%n  %.1f ms: on the device alone %s; %.0f%% from the nearest plan's latency",
                    c.ms(), c.admitted() == deviceOnlyMs.length ? "every exit meets it"
                            : c.admitted() == 1 ? "only one exit meets it" : c.admitted() + " exits meet it", 100 * c.margin()));
        }
        return sb.toString();
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
