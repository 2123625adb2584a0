package org.coinfer.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.coinfer.api.ModelDescription;

/**
 * An experiment's section of summary.md: what ran on what, its tables, and whether the
 * article's finding holds on the measured rows. A point is met when at least
 * {@link Verdict#MET} of its requests were.
 */
record Report(String name, List<Row> rows, ModelDescription model, Emulation emulation, String link, String device,
              String requirementsChosen, int requests) {
    /** The strategies the article compares Edgent with. */
    static final List<String> BASELINES = List.of(DemoRunner.DEVICE_ONLY, DemoRunner.EDGE_ONLY, "neurosurgeon");

    String markdown() {
        StringBuilder md = new StringBuilder();
        boolean fig5 = name.equals(Experiment.FIG5);
        md.append(fig5 ? "## Fig. 5: the exit edgent takes as the bandwidth rises\n\n"
                : String.format(Locale.ROOT, "## Fig. 6: every strategy as the requirement loosens, at %s Mbit/s%n%n",
                        Row.num(rows.get(0).bandwidthMbps())));
        md.append(String.format(Locale.ROOT, "- Device: %s. Measured: %s.%n- Link: %s.%n- Requirements: %s ms, %s.%n"
                        + "- Strategies: %s; %d requests per strategy and point.%n", device, emulation.describe(), link,
                list(rows.stream().mapToDouble(Row::deadlineMs).distinct().sorted().toArray()), requirementsChosen,
                String.join(", ", strategies()), requests));
        md.append("- Link rates set, and as the device measured them (its estimate, mean over the requests at that rate): ")
                .append(rows.stream().collect(Collectors.groupingBy(Row::bandwidthMbps, TreeMap::new,
                        Collectors.averagingDouble(Row::measuredMbps))).entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s → %.3f", Row.num(e.getKey()), e.getValue())).collect(Collectors.joining(", ")))
                .append(" Mbit/s.\n\n");
        md.append(fig5 ? fig5Tables() : fig6Table());
        md.append("\n").append(finding()).append("\n\n");
        md.append(String.format("![%s](%s.png)%n%n", name, name));
        return md.toString();
    }

    /** The article's finding, and whether it holds here. */
    String finding() {
        return name.equals(Experiment.FIG5) ? fig5Finding() : fig6Finding();
    }

    private String fig5Tables() {
        StringBuilder md = new StringBuilder("edgent at each rate (latency: mean ± standard deviation, least–greatest):\n\n"
                + "| rate set (Mbit/s) | rate measured (Mbit/s) | exit | cut | latency (ms) | predicted (ms) | met |\n|---|---|---|---|---|---|---|\n");
        for (Row r : edgent()) {
            md.append(String.format(Locale.ROOT, "| %s | %.3f | %d | %d | %.1f ± %.1f (%.1f–%.1f) | %.1f | %.0f%% |%n", Row.num(r.bandwidthMbps()),
                    r.measuredMbps(), r.exit(), r.cut(), r.measuredMs(), r.spread().sdMs(), r.spread().minMs(), r.spread().maxMs(),
                    r.predictedMs(), 100 * r.met()));
        }
        md.append("\nEvery strategy: exit/cut and share of requests that met the requirement:\n\n");
        return md.append(grid(Row::bandwidthMbps, "rate (Mbit/s)",
                r -> String.format(Locale.ROOT, "%d/%d %.0f%%", r.exit(), r.cut(), 100 * r.met()))).toString();
    }

    private String fig6Table() {
        return "Every strategy: share of requests that met the requirement, and mean accuracy of the exits taken:\n\n"
                + grid(Row::deadlineMs, "requirement (ms)", r -> String.format(Locale.ROOT, "%.0f%% · %.3f", 100 * r.met(), r.accuracy()));
    }

    /** A table with a line per value of {@code key} and a column per strategy. */
    private String grid(ToDoubleFunction<Row> key, String keyName, Function<Row, String> cell) {
        Map<Double, Map<String, Row>> byKey = new TreeMap<>();
        rows.forEach(r -> byKey.computeIfAbsent(key.applyAsDouble(r), k -> new LinkedHashMap<>()).put(r.strategy(), r));
        List<String> strategies = strategies();
        StringBuilder md = new StringBuilder("| " + keyName + " | " + String.join(" | ", strategies) + " |\n|---"
                + "|---".repeat(strategies.size()) + "|\n");
        byKey.forEach((k, line) -> md.append("| ").append(Row.num(k)).append(" | ")
                .append(strategies.stream().map(s -> line.containsKey(s) ? cell.apply(line.get(s)) : "-").collect(Collectors.joining(" | ")))
                .append(" |\n"));
        return md.toString();
    }

    private String fig5Finding() {
        List<Row> e = edgent();
        if (e.size() < 2) {
            return "The article's finding (the exit rises with bandwidth) cannot be checked: edgent ran at fewer than two rates.";
        }
        List<String> falls = Verdict.of(rows, model).monotonicity();
        Row first = e.get(0);
        Row last = e.get(e.size() - 1);
        boolean rises = model.merit(last.exit()) > model.merit(first.exit());
        String verdict = falls.isEmpty() && rises ? "**holds**" : "**does not hold**";
        return String.format(Locale.ROOT, "The article's finding, the chosen exit rises with bandwidth: %s here. edgent took exit %d at %s Mbit/s "
                        + "and exit %d at %s Mbit/s%s.", verdict, first.exit(), Row.num(first.bandwidthMbps()), last.exit(),
                Row.num(last.bandwidthMbps()), falls.isEmpty() ? ", and its exit never lost accuracy as the rate rose"
                        : "; its exit lost accuracy as the rate rose at " + String.join("; ", falls));
    }

    private String fig6Finding() {
        Map<Double, List<Row>> byDeadline = new TreeMap<>();
        rows.forEach(r -> byDeadline.computeIfAbsent(r.deadlineMs(), k -> new ArrayList<>()).add(r));
        List<String> onlyEdgent = new ArrayList<>();
        List<String> against = new ArrayList<>();
        List<String> baselines = strategies().stream().filter(BASELINES::contains).toList();
        byDeadline.forEach((d, point) -> {
            Row edgent = point.stream().filter(r -> r.strategy().equals(Verdict.EDGENT)).findFirst().orElse(null);
            List<Row> base = point.stream().filter(r -> baselines.contains(r.strategy())).toList();
            if (edgent == null) {
                return;
            }
            if (edgent.met() >= Verdict.MET && base.stream().allMatch(r -> r.met() < Verdict.MET)) {
                onlyEdgent.add(Row.num(d));
            }
            base.stream().filter(r -> r.met() >= Verdict.MET && edgent.met() < Verdict.MET)
                    .forEach(r -> against.add(String.format(Locale.ROOT, "%s ms: %s met it, edgent did not", Row.num(d), r.strategy())));
        });
        boolean holds = !onlyEdgent.isEmpty() && against.isEmpty() && !baselines.isEmpty();
        return String.format(Locale.ROOT, "The article's finding, in the tight range only Edgent meets the requirement: %s here. "
                        + "Requirements that edgent met and %s all missed: %s ms.%s", holds ? "**holds**" : "**does not hold**",
                String.join(", ", baselines), onlyEdgent.isEmpty() ? "none" : String.join(", ", onlyEdgent),
                against.isEmpty() ? " No baseline met a requirement that edgent missed." : " But: " + String.join("; ", against) + ".");
    }

    private List<Row> edgent() {
        return rows.stream().filter(r -> r.strategy().equals(Verdict.EDGENT)).sorted(Comparator.comparingDouble(Row::bandwidthMbps)).toList();
    }

    private List<String> strategies() {
        return rows.stream().map(Row::strategy).distinct().toList();
    }

    static String list(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.1f", v)).collect(Collectors.joining(", "));
    }
}
