package org.coinfer.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per strategy over the replayed rows: requests, the share that met the requirement, the mean
 * accuracy of the exits taken against the oracle's and the safe oracle's over the same
 * requests, the share of its
 * time spent probing, and how it followed steps of the link: at each step of 2x or more in the
 * trace's rate that lasts at least {@value #STEP_REQUESTS} of its requests, across which the
 * oracle's plan changes, and after which the oracle would plan otherwise than the strategy did
 * just before, whether its plan changed within {@value #STEP_REQUESTS} requests. A step the
 * oracle plans the same on both sides of asks for no change, however the strategy planned.
 */
record ReplaySummary(String strategy, int requests, int met, double accuracy, double oracleAccuracy, double safeOracleAccuracy,
        double probeShare, int steps, int followed) {
    static final int STEP_REQUESTS = 3;
    static final double STEP = 2;
    static final double TARGET_MET = 0.95;
    static final double TARGET_POINTS = 1;
    static final List<String> BASELINES = List.of("device-only", "edge-only", "neurosurgeon");

    static List<ReplaySummary> of(List<ReplayRow> rows, double secondsPerStrategyRequest) {
        Map<String, List<ReplayRow>> by = new LinkedHashMap<>();
        rows.forEach(r -> by.computeIfAbsent(r.strategy(), k -> new ArrayList<>()).add(r));
        List<ReplaySummary> out = new ArrayList<>();
        by.forEach((strategy, list) -> {
            int met = (int) list.stream().filter(ReplayRow::met).count();
            double acc = list.stream().mapToDouble(ReplayRow::accuracy).average().orElse(Double.NaN);
            double oracle = list.stream().mapToDouble(r -> r.oracle().accuracy()).average().orElse(Double.NaN);
            double safe = list.stream().mapToDouble(r -> r.safeOracle().accuracy()).average().orElse(Double.NaN);
            double probe = list.stream().mapToDouble(ReplayRow::probeMs).sum() / (list.size() * secondsPerStrategyRequest * 1000);
            int[] steps = steps(list);
            out.add(new ReplaySummary(strategy, list.size(), met, acc, oracle, safe, probe, steps[0], steps[1]));
        });
        return out;
    }

    /** Steps of the link this strategy saw within each trace, and how many it followed in time. */
    static int[] steps(List<ReplayRow> rows) {
        int steps = 0;
        int followed = 0;
        for (int j = 1; j + STEP_REQUESTS <= rows.size(); j++) {
            ReplayRow before = rows.get(j - 1);
            ReplayRow after = rows.get(j);
            if (!before.trace().equals(after.trace()) || !rows.get(j + STEP_REQUESTS - 1).trace().equals(after.trace())) {
                continue;
            }
            double ratio = after.traceMbps() / before.traceMbps();
            if (ratio < STEP && ratio > 1 / STEP) {
                continue;
            }
            boolean lasts = true;
            for (int k = j; k < j + STEP_REQUESTS; k++) {
                double r = rows.get(k).traceMbps() / after.traceMbps();
                lasts &= r < 1.5 && r > 1 / 1.5;
            }
            if (!lasts || after.sameOraclePlan(before) || after.oracleWouldKeep(before)) {
                continue;
            }
            steps++;
            for (int k = j; k < j + STEP_REQUESTS; k++) {
                if (!rows.get(k).samePlan(before)) {
                    followed++;
                    break;
                }
            }
        }
        return new int[] {steps, followed};
    }

    double metShare() {
        return (double) met / requests;
    }

    /**
     * What keeps one trace's summaries from the targets of the dynamic-bandwidth issue, taken
     * together: {@code edgent-dynamic} meets the requirement on {@value #TARGET_MET} of the
     * requests or more; {@code edgent} and {@code edgent-dynamic} each meet it more often than
     * every baseline that ran; {@code edgent-dynamic}'s accuracy is within {@value #TARGET_POINTS}
     * of the oracle's. Empty when the trace reaches them.
     */
    static List<String> shortfalls(List<ReplaySummary> trace) {
        Map<String, ReplaySummary> by = new LinkedHashMap<>();
        trace.forEach(x -> by.put(x.strategy(), x));
        ReplaySummary dynamic = by.get("edgent-dynamic");
        ReplaySummary edgent = by.get("edgent");
        if (dynamic == null || edgent == null) {
            return List.of("edgent and edgent-dynamic did not both run");
        }
        List<String> why = new ArrayList<>();
        if (dynamic.metShare() < TARGET_MET) {
            why.add(String.format(Locale.ROOT, "edgent-dynamic met %.1f%%", 100 * dynamic.metShare()));
        }
        for (String baseline : BASELINES) {
            ReplaySummary b = by.get(baseline);
            for (ReplaySummary ours : List.of(edgent, dynamic)) {
                if (b != null && ours.met <= b.met * (double) ours.requests / b.requests) {
                    why.add(String.format(Locale.ROOT, "%s met %.1f%%, %s %.1f%%", ours.strategy, 100 * ours.metShare(), baseline,
                            100 * b.metShare()));
                }
            }
        }
        if (dynamic.oracleAccuracy - dynamic.accuracy > TARGET_POINTS / 100) {
            why.add(String.format(Locale.ROOT, "edgent-dynamic %.1f points below the oracle", 100 * (dynamic.oracleAccuracy - dynamic.accuracy)));
        }
        return why;
    }

    /** The line saying on how many traces the targets held, and what kept each other one from them. */
    static String targets(Map<String, List<ReplaySummary>> byTrace) {
        List<String> held = new ArrayList<>();
        List<String> fell = new ArrayList<>();
        byTrace.forEach((trace, list) -> {
            List<String> why = shortfalls(list);
            if (why.isEmpty()) {
                held.add(trace);
            } else {
                fell.add(trace + " (" + String.join("; ", why) + ")");
            }
        });
        return String.format(Locale.ROOT, "The targets (edgent-dynamic meets %.0f%%; edgent and edgent-dynamic each meet more often than "
                        + "%s; edgent-dynamic within %.0f point of the oracle's accuracy) held together on %d of %d traces%s%s", 100 * TARGET_MET,
                String.join(", ", BASELINES), TARGET_POINTS, held.size(), byTrace.size(), held.isEmpty() ? "" : ": " + String.join(", ", held),
                fell.isEmpty() ? "." : ". Short: " + String.join("; ", fell) + ".");
    }

    static String header() {
        return String.format(Locale.ROOT, "%-16s %8s %7s %9s %9s %11s %7s %13s", "strategy", "requests", "met", "accuracy", "oracle",
                "safe oracle", "probes", "steps followed");
    }

    String line() {
        return String.format(Locale.ROOT, "%-16s %8d %6.1f%% %9.4f %9.4f %11.4f %6.2f%% %13s", strategy, requests, 100.0 * met / requests,
                accuracy, oracleAccuracy, safeOracleAccuracy, 100 * probeShare, steps == 0 ? "-" : followed + "/" + steps);
    }

    /** The replay's section of summary.md: a line per trace and one for all, a column per strategy, and the journal's finding. */
    static String markdown(String setUp, Map<String, Double> requirements, List<ReplayRow> rows, double secondsPerStrategyRequest) {
        Map<String, List<ReplayRow>> byTrace = new LinkedHashMap<>();
        rows.forEach(r -> byTrace.computeIfAbsent(r.trace(), k -> new ArrayList<>()).add(r));
        List<ReplaySummary> all = of(rows, secondsPerStrategyRequest);
        StringBuilder md = new StringBuilder("## Dynamic bandwidth: replay of real 3G traces\n\n").append(setUp).append("\n\n");
        md.append("Share of requests that met the requirement, and mean accuracy of the exits taken against the oracle's and the safe "
                + "oracle's (the oracle keeping the configuration map's headroom):\n\n| trace | requirement (ms) | ")
                .append(String.join(" | ", all.stream().map(ReplaySummary::strategy).toList())).append(" |\n|---|---")
                .append("|---".repeat(all.size())).append("|\n");
        Map<String, List<ReplaySummary>> perTrace = new LinkedHashMap<>();
        byTrace.forEach((trace, list) -> perTrace.put(trace, of(list, secondsPerStrategyRequest)));
        perTrace.forEach((trace, list) -> md.append(mdLine(trace, String.format(Locale.ROOT, "%.1f", requirements.get(trace)), list)));
        md.append(mdLine("**all**", "", all));
        ReplaySummary dynamic = all.stream().filter(x -> x.strategy().equals("edgent-dynamic")).findFirst().orElse(null);
        if (dynamic != null) {
            long at95 = perTrace.values().stream().flatMap(List::stream)
                    .filter(x -> x.strategy().equals("edgent-dynamic") && x.met >= 0.95 * x.requests).count();
            md.append("\n").append(targets(perTrace)).append("\n");
            boolean holds = dynamic.met >= 0.95 * dynamic.requests && dynamic.oracleAccuracy - dynamic.accuracy <= 0.01;
            md.append(String.format(Locale.ROOT, "%nThe journal's finding, that switching plans at change points keeps the requirement met "
                            + "at an accuracy near the oracle's: %s here. edgent-dynamic met the requirement on %.1f%% of requests (95%% or "
                            + "more on %d of %d traces), at a mean accuracy of %.4f against the oracle's %.4f (the safe oracle's %.4f).%n",
                    holds ? "**holds**" : "**does not hold**", 100.0 * dynamic.met / dynamic.requests, at95, byTrace.size(), dynamic.accuracy,
                    dynamic.oracleAccuracy, dynamic.safeOracleAccuracy));
        }
        return md.toString();
    }

    private static String mdLine(String trace, String requirement, List<ReplaySummary> list) {
        return "| " + trace + " | " + requirement + " | " + String.join(" | ", list.stream().map(x -> String.format(Locale.ROOT,
                "%.1f%% · %.3f (%.3f, %.3f)", 100.0 * x.met / x.requests, x.accuracy, x.oracleAccuracy, x.safeOracleAccuracy)).toList())
                + " |\n";
    }

    static void print(String title, List<ReplaySummary> all, PrintStream out) {
        out.println(title);
        out.println(header());
        all.forEach(s -> out.println(s.line()));
    }
}
