package org.coinfer.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.coinfer.api.ModelDescription;

/**
 * What Edgent promises, checked on the measured rows: at every point (bandwidth, requirement)
 * where some strategy met the requirement, edgent met it too, at an exit at least as accurate
 * as theirs; and for each requirement its exit does not lose accuracy as bandwidth rises. A
 * point is met when at least {@link #MET} of its requests were.
 */
record Verdict(List<String> dominance, List<String> monotonicity, int points) {
    static final String EDGENT = "edgent";
    static final double MET = 0.75;

    static Verdict of(List<Row> rows, ModelDescription model) {
        Map<String, List<Row>> byPoint = new TreeMap<>();
        for (Row r : rows) {
            byPoint.computeIfAbsent(r.bandwidthMbps() + "/" + r.deadlineMs(), k -> new ArrayList<>()).add(r);
        }
        List<String> dominance = new ArrayList<>();
        int points = 0;
        for (List<Row> point : byPoint.values()) {
            Row edgent = point.stream().filter(r -> r.strategy().equals(EDGENT)).findFirst().orElse(null);
            List<Row> met = point.stream().filter(r -> r.met() >= MET && !r.strategy().equals(EDGENT)).toList();
            if (edgent == null || met.isEmpty()) {
                continue;
            }
            points++;
            for (Row other : met) {
                if (edgent.met() < MET || model.merit(edgent.exit()) < model.merit(other.exit())) {
                    dominance.add(String.format("%s Mbit/s, %s ms: %s met it at exit %d, edgent %s at exit %d", Row.num(edgent.bandwidthMbps()),
                            Row.num(edgent.deadlineMs()), other.strategy(), other.exit(), edgent.met() >= MET ? "met it" : "missed it",
                            edgent.exit()));
                }
            }
        }
        List<String> monotonicity = new ArrayList<>();
        Map<Double, List<Row>> byDeadline = new TreeMap<>();
        rows.stream().filter(r -> r.strategy().equals(EDGENT)).forEach(r -> byDeadline.computeIfAbsent(r.deadlineMs(), k -> new ArrayList<>()).add(r));
        for (List<Row> series : byDeadline.values()) {
            series.sort(Comparator.comparingDouble(Row::bandwidthMbps));
            for (int i = 1; i < series.size(); i++) {
                Row lo = series.get(i - 1);
                Row hi = series.get(i);
                if (model.merit(hi.exit()) < model.merit(lo.exit())) {
                    monotonicity.add(String.format("%s ms: exit %d at %s Mbit/s, exit %d at %s Mbit/s", Row.num(hi.deadlineMs()), lo.exit(),
                            Row.num(lo.bandwidthMbps()), hi.exit(), Row.num(hi.bandwidthMbps())));
                }
            }
        }
        return new Verdict(dominance, monotonicity, points);
    }



    void print(PrintStream out) {
        out.println("edgent met the requirement, at an exit at least as accurate, wherever another strategy met it: "
                + (dominance.isEmpty() ? "yes, at all " + points + " such points" : "no: " + String.join("; ", dominance)));
        out.println("edgent's exit never lost accuracy as bandwidth rose, for every requirement: "
                + (monotonicity.isEmpty() ? "yes" : "no: " + String.join("; ", monotonicity)));
    }
}
