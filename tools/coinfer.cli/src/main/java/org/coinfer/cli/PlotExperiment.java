package org.coinfer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.coinfer.plot.Chart;
import org.coinfer.plot.Figure;
import org.coinfer.plot.Series;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Draws what {@code coinfer experiment} measured: fig5.csv, fig6.csv and dynamic.csv in a folder,
 * each as NAME.png beside it, with the article's finding in the title.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Plot the CSVs of coinfer experiment in DIR: fig5.png (latency, cut and exit against bandwidth), fig6.png "
                + "(requirement met and accuracy against the requirement), dynamic.png (per-trace totals) and the replay's per-trace PNGs.")
final class PlotExperiment implements Callable<Integer> {
    private static final String ORACLE = "oracle (knows the rate)";

    @Parameters(paramLabel = "DIR", description = "The folder coinfer experiment wrote.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a folder");
        }
        int drawn = 0;
        Path fig5 = dir.resolve("fig5.csv");
        if (Files.exists(fig5)) {
            String title = "Fig. 5: the exit edgent takes rises with bandwidth (the article's finding)";
            drawn += write(PlotDemo.figure(PlotDemo.read(fig5), title), dir.resolve("fig5.png"));
        }
        Path fig6 = dir.resolve("fig6.csv");
        if (Files.exists(fig6)) {
            drawn += write(fig6(Csv.read(fig6)), dir.resolve("fig6.png"));
        }
        Path dynamic = dir.resolve("dynamic.csv");
        if (Files.exists(dynamic)) {
            drawn += write(dynamic(Csv.read(dynamic)), dir.resolve("dynamic.png"));
            PlotReplay replay = new PlotReplay();
            replay.csv = dynamic;
            replay.call();
        }
        if (drawn == 0) {
            throw new IllegalArgumentException(dir + ": no fig5.csv, fig6.csv or dynamic.csv to plot");
        }
        return 0;
    }

    private static int write(Figure figure, Path png) throws java.io.IOException {
        figure.write(png);
        System.out.println(png);
        return 1;
    }

    /** Against the requirement: the share of requests that met it, and the accuracy of the exits taken, per strategy. */
    static Figure fig6(Csv table) {
        table.require("strategy", "bandwidth_mbps", "deadline_ms", "met", "accuracy");
        Chart met = new Chart("(a) Requirement met").xLabel("latency requirement (ms)").yLabel("requests that met it (%)").logX().dodge(3);
        Chart accuracy = new Chart("(b) Accuracy").xLabel("latency requirement (ms)").yLabel("mean accuracy of the exits taken").logX().dodge(3);
        Map<String, Series[]> lines = new LinkedHashMap<>();
        for (int r = 0; r < table.size(); r++) {
            String s = table.text(r, "strategy");
            Series[] pair = lines.computeIfAbsent(s, k -> new Series[] {met.series(k), accuracy.series(k)});
            double d = table.number(r, "deadline_ms");
            pair[0].add(d, 100 * table.number(r, "met"));
            pair[1].add(d, table.number(r, "accuracy"));
        }
        String rate = table.size() == 0 ? "?" : table.text(0, "bandwidth_mbps");
        return Figure.of(met, accuracy).sharedLegend().size(1400, 600)
                .title("Fig. 6 at " + rate + " Mbit/s: in the tight range only Edgent meets the requirement (the article's finding)");
    }

    /** Per trace, each strategy's share of requests that met the requirement and its mean accuracy, beside the oracle's. */
    static Figure dynamic(Csv table) {
        table.require("trace", "strategy", "met", "accuracy", "oracle_accuracy");
        List<String> traces = new ArrayList<>();
        // The strategies in the order they first appear, then the oracle: the same colour in both panels.
        Map<String, Map<Integer, double[]>> sums = new LinkedHashMap<>();
        for (int r = 0; r < table.size(); r++) {
            sums.computeIfAbsent(table.text(r, "strategy"), k -> new LinkedHashMap<>());
        }
        sums.put(ORACLE, new LinkedHashMap<>());
        for (int r = 0; r < table.size(); r++) {
            String trace = table.text(r, "trace");
            if (!traces.contains(trace)) {
                traces.add(trace);
            }
            int t = traces.indexOf(trace) + 1;
            for (String s : new String[] {table.text(r, "strategy"), ORACLE}) {
                double[] sum = sums.get(s).computeIfAbsent(t, k -> new double[3]);
                sum[0]++;
                sum[1] += s.equals(ORACLE) ? 1 : table.number(r, "met");
                sum[2] += table.number(r, s.equals(ORACLE) ? "oracle_accuracy" : "accuracy");
            }
        }
        String x = traces.size() > 4 ? "trace, in the order replayed" : "trace (1-" + traces.size() + ": " + String.join(", ", traces) + ")";
        Chart met = new Chart("(a) Requirement met").xLabel(x).yLabel("requests that met it (%)").integerX().dodge(3);
        Chart accuracy = new Chart("(b) Accuracy").xLabel(x).yLabel("mean accuracy of the exits taken").integerX().dodge(3);
        sums.forEach((s, byTrace) -> {
            Series a = accuracy.series(s);
            Series m = s.equals(ORACLE) ? null : met.series(s);
            byTrace.forEach((t, sum) -> {
                a.add(t, sum[2] / sum[0]);
                if (m != null) {
                    m.add(t, 100 * sum[1] / sum[0]);
                }
            });
            if (s.equals(ORACLE)) {
                a.dashed();
            }
        });
        return Figure.of(met, accuracy).sharedLegend().size(1400, 600)
                .title("Dynamic bandwidth: edgent-dynamic meets the requirement on most requests, near the oracle's accuracy (the journal's finding)");
    }
}
