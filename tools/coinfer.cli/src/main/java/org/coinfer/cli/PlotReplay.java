package org.coinfer.cli;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.coinfer.plot.Chart;
import org.coinfer.plot.Figure;
import org.coinfer.plot.Marker;
import org.coinfer.plot.Palette;
import org.coinfer.plot.Series;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Draws the rows of {@code coinfer replay --csv} as one PNG per trace: rate and estimate, latency, exit, over time. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Plot a replay CSV (coinfer replay --csv): for each trace one PNG beside the CSV (FILE.TRACE.png) with the "
                + "link's rate and its estimate, each request's latency against the requirement, and the exit taken, over time.")
final class PlotReplay implements Callable<Integer> {
    static final String[] COLUMNS = {"trace", "strategy", "t_s", "trace_mbps", "estimated_mbps", "exit", "measured_ms", "deadline_ms"};
    private static final String TIME = "time in the trace (s)";

    @Parameters(paramLabel = "REPLAY.csv", description = "Rows written by coinfer replay --csv.")
    Path csv;

    @Override
    public Integer call() throws Exception {
        Csv table = Csv.read(csv);
        table.require(COLUMNS);
        if (table.size() == 0) {
            throw new IllegalArgumentException(csv + ": no rows below the header");
        }
        Map<String, List<Integer>> byTrace = new LinkedHashMap<>();
        for (int r = 0; r < table.size(); r++) {
            byTrace.computeIfAbsent(table.text(r, "trace"), k -> new ArrayList<>()).add(r);
        }
        String stem = PlotDemo.defaultPng(csv).toString().replaceFirst("\\.png$", "");
        for (Map.Entry<String, List<Integer>> e : byTrace.entrySet()) {
            Path png = Path.of(stem + "." + e.getKey() + ".png");
            figure(table, e.getKey(), e.getValue()).write(png);
            System.out.println(png);
        }
        return 0;
    }

    static Figure figure(Csv table, String trace, List<Integer> rows) {
        Chart rate = new Chart("(a) Link rate").xLabel(TIME).yLabel("Mbit/s").logY();
        Chart latency = new Chart("(b) Latency").xLabel(TIME).yLabel("latency per request (ms)").logY();
        Chart exit = new Chart("(c) Exit").xLabel(TIME).yLabel("exit taken (1: the earliest)").integerY().dodge(3);
        Series traced = rate.series("the trace's rate").marker(Marker.NONE);
        Series estimated = rate.series("the device's estimate").pointsOnly();
        Map<String, Series[]> strategies = new LinkedHashMap<>();
        for (int r : rows) {
            double t = table.number(r, "t_s");
            traced.add(t, table.number(r, "trace_mbps"));
            estimated.add(t, table.number(r, "estimated_mbps"));
            Series[] s = strategies.computeIfAbsent(table.text(r, "strategy"), name -> {
                // A strategy keeps one colour in both panels; the rate panel's two series take the first two.
                Color c = Palette.color(strategies.size() + 2);
                return new Series[] {latency.series(name).color(c).pointsOnly(), exit.series(name).color(c).pointsOnly()};
            });
            s[0].add(t, table.number(r, "measured_ms"));
            s[1].add(t, table.number(r, "exit"));
        }
        double deadline = table.number(rows.get(0), "deadline_ms");
        latency.horizontalLine(deadline, String.format(Locale.ROOT, "requirement %.1f ms", deadline));
        return Figure.of(rate, latency, exit).title("Replay of " + trace).sharedLegend().size(1800, 600);
    }
}
