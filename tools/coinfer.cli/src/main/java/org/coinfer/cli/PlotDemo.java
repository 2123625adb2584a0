package org.coinfer.cli;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.coinfer.plot.Chart;
import org.coinfer.plot.Figure;
import org.coinfer.plot.Marker;
import org.coinfer.plot.Palette;
import org.coinfer.plot.Series;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Draws the rows of {@code coinfer demo --csv} as one PNG with three panels against bandwidth. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Plot a demo CSV (coinfer demo --csv) as one PNG: measured and predicted latency, the cut and the exit chosen, "
                + "against bandwidth, one line per strategy and latency requirement.")
final class PlotDemo implements Callable<Integer> {
    static final String[] COLUMNS = {"strategy", "bandwidth_mbps", "deadline_ms", "exit", "cut", "predicted_ms", "measured_ms"};
    private static final String BANDWIDTH = "bandwidth (Mbit/s)";
    private static final List<Marker> MARKERS = List.of(Marker.CIRCLE, Marker.SQUARE, Marker.TRIANGLE, Marker.DIAMOND);

    @Parameters(paramLabel = "DEMO.csv", description = "Rows written by coinfer demo --csv.")
    Path csv;

    @Option(names = "--out", paramLabel = "FILE.png", description = "Where the PNG goes (default: DEMO.csv's path with .png).")
    Path out;

    /** One row of the CSV, as far as the plot needs it. */
    record Point(double bandwidth, double exit, double cut, double predicted, double measured) {
    }

    /** The points of one line: a strategy under one latency requirement. */
    record Line(String strategy, double deadline, List<Point> points) {
    }

    @Override
    public Integer call() throws Exception {
        List<Line> lines = read(csv);
        Path png = out != null ? out : defaultPng(csv);
        figure(lines, "Coinfer demo: " + csv.getFileName()).write(png);
        System.out.println(png);
        return 0;
    }

    static Path defaultPng(Path csv) {
        String name = csv.getFileName().toString();
        String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return csv.resolveSibling(stem + ".png");
    }

    /** The CSV's rows grouped into lines: strategies in the order they first appear, requirements ascending. */
    static List<Line> read(Path csv) throws java.io.IOException {
        Csv table = Csv.read(csv);
        table.require(COLUMNS);
        if (table.size() == 0) {
            throw new IllegalArgumentException(csv + ": no rows below the header");
        }
        Map<String, Map<Double, List<Point>>> groups = new LinkedHashMap<>();
        for (int r = 0; r < table.size(); r++) {
            Point p = new Point(table.number(r, "bandwidth_mbps"), table.number(r, "exit"), table.number(r, "cut"),
                    table.number(r, "predicted_ms"), table.number(r, "measured_ms"));
            groups.computeIfAbsent(table.text(r, "strategy"), s -> new TreeMap<>())
                    .computeIfAbsent(table.number(r, "deadline_ms"), d -> new ArrayList<>()).add(p);
        }
        List<Line> lines = new ArrayList<>();
        groups.forEach((strategy, byDeadline) -> byDeadline.forEach((deadline, points) -> {
            points.sort(Comparator.comparingDouble(Point::bandwidth));
            lines.add(new Line(strategy, deadline, points));
        }));
        return lines;
    }

    static Figure figure(List<Line> lines, String title) {
        List<Double> deadlines = lines.stream().map(Line::deadline).distinct().sorted().toList();
        List<String> strategies = lines.stream().map(Line::strategy).distinct().toList();
        Chart latency = new Chart("(a) Latency").xLabel(BANDWIDTH).yLabel("latency per request (ms)").logX().logY();
        // Cut and exit are small indices that several strategies share: dodged so none hides another.
        Chart cut = new Chart("(b) Cut").xLabel(BANDWIDTH).yLabel("layers run on the device (0: all on the edge)").logX().integerY().dodge(4);
        Chart exit = new Chart("(c) Exit").xLabel(BANDWIDTH).yLabel("exit taken (1: the earliest)").logX().integerY().dodge(4);
        for (Line l : lines) {
            // A strategy keeps its colour; each latency requirement gets its own shade and marker.
            int d = deadlines.indexOf(l.deadline());
            Color color = Palette.lighter(Palette.color(strategies.indexOf(l.strategy())), Math.min(0.6, 0.4 * d));
            Marker marker = MARKERS.get(d % MARKERS.size());
            String name = deadlines.size() > 1 ? l.strategy() + ", " + number(l.deadline()) + " ms" : l.strategy();
            Series measured = latency.series(name).color(color).marker(marker);
            Series predicted = latency.series(name + " (predicted)").like(measured).marker(Marker.NONE).dashed().hideInLegend();
            Series c = cut.series(name).color(color).marker(marker);
            Series e = exit.series(name).color(color).marker(marker);
            for (Point p : l.points()) {
                measured.add(p.bandwidth(), p.measured());
                predicted.add(p.bandwidth(), p.predicted());
                c.add(p.bandwidth(), p.cut());
                e.add(p.bandwidth(), p.exit());
            }
        }
        // One legend key for all the dashed lines instead of one per strategy.
        latency.series("predicted (dashed)").color(Color.GRAY).marker(Marker.NONE).dashed();
        for (double d : deadlines) {
            latency.horizontalLine(d, "requirement " + number(d) + " ms");
        }
        return Figure.of(latency, cut, exit).title(title).sharedLegend().size(1800, 600);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
