package org.coinfer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.coinfer.api.Exit;
import org.coinfer.api.Host;
import org.coinfer.api.HostProfile;
import org.coinfer.model.LoadedModel;
import org.coinfer.plot.Chart;
import org.coinfer.plot.Figure;

/** Predicted against measured latency of one held-out model, per role, per layer and per plan. */
record HeldOutAccuracy(String model, Map<Host, Role> roles) {
    /**
     * A layer is judged by relative error when it carries at least this share of its exit's
     * whole path on the host: below it, its in-context cost (a difference of two path times,
     * each with its own noise) is within measurement noise, and can even come out negative.
     */
    static final double LAYER_SHARE = 0.05;

    /**
     * One compared time: a plan's part on its host, or one layer in context.
     *
     * @param judged whether it counts in the relative errors (every plan; a layer with at least {@link #LAYER_SHARE} of its path)
     */
    record Point(String level, int exit, int cut, double measuredMs, double predictedMs, boolean judged) {
        double relError() {
            return Math.abs(predictedMs - measuredMs) / Math.abs(measuredMs);
        }
    }

    /** One role's points and their median and 90th-percentile absolute relative errors. */
    record Role(List<Point> layers, List<Point> plans) {
        /**
         * Every plan (exit x cut) whose part on this host is not empty: the prefix the device
         * runs or the suffix the edge runs; and every layer in context, the difference between
         * consecutive prefix (suffix) times, once per distinct pair of cut tensors on the device.
         */
        static Role of(LoadedModel model, HostProfile measured, HostProfile predicted) {
            List<Point> plans = new ArrayList<>();
            List<Point> layers = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            boolean device = measured.host() == Host.DEVICE;
            for (Exit e : model.description().exits()) {
                List<Double> m = measured.pathMs().get(e.number() - 1);
                List<Double> p = predicted.pathMs().get(e.number() - 1);
                double whole = device ? m.get(e.layers()) : m.get(0);
                for (int c = 0; c <= e.layers(); c++) {
                    if (device ? c > 0 : c < e.layers()) {
                        plans.add(new Point("plan", e.number(), c, m.get(c), p.get(c), true));
                    }
                    String layer = e.cut(Math.max(0, c - 1)).tensor() + " -> " + e.cut(c).tensor() + (device ? "" : " @" + e.number());
                    if (c > 0 && seen.add(layer)) {
                        double sign = device ? 1 : -1;
                        double cost = sign * (m.get(c) - m.get(c - 1));
                        layers.add(new Point("layer", e.number(), c, cost, sign * (p.get(c) - p.get(c - 1)), cost >= LAYER_SHARE * whole));
                    }
                }
            }
            return new Role(layers, plans);
        }

        int judged() {
            return (int) layers.stream().filter(Point::judged).count();
        }

        double layerMedian() {
            return quantile(layers, 50);
        }

        double planMedian() {
            return quantile(plans, 50);
        }

        private static double quantile(List<Point> points, double p) {
            double[] e = points.stream().filter(Point::judged).mapToDouble(Point::relError).toArray();
            return e.length == 0 ? Double.NaN : new Percentile().withEstimationType(EstimationType.R_7).evaluate(e, p);
        }
    }

    /** The issue's JSON: per role the two medians, at the top the worse role's. */
    Map<String, Object> json() {
        Map<String, Object> root = PredictorReport.ordered();
        root.put("heldOutModel", model);
        Map<String, Object> byRole = PredictorReport.ordered();
        roles.forEach((h, r) -> {
            Map<String, Object> m = PredictorReport.ordered();
            m.put("layerMedianRelError", r.layerMedian());
            m.put("layerP90RelError", Role.quantile(r.layers, 90));
            m.put("planMedianRelError", r.planMedian());
            m.put("planP90RelError", Role.quantile(r.plans, 90));
            m.put("layers", r.judged());
            m.put("layersWithinNoise", r.layers.size() - r.judged());
            m.put("plans", r.plans.size());
            byRole.put(h.name().toLowerCase(Locale.ROOT), m);
        });
        root.put("roles", byRole);
        root.put("layerMedianRelError", roles.values().stream().mapToDouble(Role::layerMedian).max().orElse(Double.NaN));
        root.put("planMedianRelError", roles.values().stream().mapToDouble(Role::planMedian).max().orElse(Double.NaN));
        return root;
    }

    String text() {
        StringBuilder sb = new StringBuilder("held out: " + model + "\n");
        roles.forEach((h, r) -> sb.append(String.format(Locale.ROOT,
                "  %-6s layers: median %5.1f%%  p90 %6.1f%%  (%d)   plans: median %5.1f%%  p90 %6.1f%%  (%d)%n",
                h.name().toLowerCase(Locale.ROOT), 100 * r.layerMedian(), 100 * Role.quantile(r.layers, 90), r.judged(),
                100 * r.planMedian(), 100 * Role.quantile(r.plans, 90), r.plans.size())));
        return sb.toString();
    }

    static void writeCsv(Path file, List<HeldOutAccuracy> reports) throws IOException {
        StringBuilder sb = new StringBuilder("held_out,role,level,exit,cut,measured_ms,predicted_ms,rel_error,judged\n");
        for (HeldOutAccuracy a : reports) {
            a.roles.forEach((h, r) -> Stream.concat(r.plans.stream(), r.layers.stream()).forEach(p -> sb.append(String.format(Locale.ROOT,
                    "%s,%s,%s,%d,%d,%.6f,%.6f,%.4f,%b%n", a.model, h.name().toLowerCase(Locale.ROOT), p.level(), p.exit(), p.cut(),
                    p.measuredMs(), p.predictedMs(), p.relError(), p.judged()))));
        }
        Files.writeString(file, sb);
    }

    /** Two log-log panels, plans and judged layers, predicted against measured, one colour per role. */
    static Path plot(List<HeldOutAccuracy> reports, Path png) throws IOException {
        Chart plans = chart("plans: the part each host runs");
        Chart layers = chart("layers in context (at least " + Math.round(100 * LAYER_SHARE) + "% of their path)");
        for (Host h : Host.values()) {
            String name = h.name().toLowerCase(Locale.ROOT);
            var ps = plans.series(name).pointsOnly();
            var ls = layers.series(name).pointsOnly();
            for (HeldOutAccuracy a : reports) {
                Role r = a.roles.get(h);
                if (r != null) {
                    r.plans.forEach(p -> ps.add(p.measuredMs(), p.predictedMs()));
                    r.layers.stream().filter(Point::judged).forEach(p -> ls.add(p.measuredMs(), p.predictedMs()));
                }
            }
        }
        for (Chart c : List.of(plans, layers)) {
            double lo = Double.MAX_VALUE;
            double hi = 0;
            for (var s : c.series()) {
                for (int i = 0; i < s.size(); i++) {
                    for (double v : new double[] {s.x(i), s.y(i)}) {
                        if (v > 0) {
                            lo = Math.min(lo, v);
                            hi = Math.max(hi, v);
                        }
                    }
                }
            }
            if (hi > 0) {
                c.series("prediction = measurement").dashed().add(lo, lo).add(hi, hi);
            }
        }
        String held = String.join(", ", reports.stream().map(HeldOutAccuracy::model).toList());
        return Figure.of(plans, layers).title("Per-layer regression on held-out " + held).sharedLegend().write(png);
    }

    private static Chart chart(String title) {
        return new Chart(title).xLabel("measured (ms)").yLabel("predicted (ms)").logX().logY();
    }
}
