package org.coinfer.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.coinfer.api.Outcome;

/** Accumulates the requests of one demo point into a {@link Row}. */
final class Point {
    private final Map<Long, Integer> plans = new HashMap<>();
    private final List<Double> measured = new ArrayList<>();
    private double predicted;
    private double measuredMbps;
    private double correct;
    private double accuracy;
    private int met;
    private String ranStrategy;

    /** One request's outcome; {@code accuracy} is the manifest's for the exit it left at. */
    void add(Outcome o, double isCorrect, double deadlineMs, double accuracy) {
        plans.merge(((long) o.plan().exit() << 32) | o.plan().cut(), 1, Integer::sum);
        predicted += o.plan().predicted().totalMs();
        measured.add(o.totalMs());
        measuredMbps += o.network().uplinkBps() / 1e6;
        correct += isCorrect;
        this.accuracy += accuracy;
        met += o.totalMs() <= deadlineMs ? 1 : 0;
        ranStrategy = o.plan().strategy();
    }

    Row row(String requested, double mbps, double deadlineMs) {
        int n = measured.size();
        long plan = plans.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        String name = requested.equals(ranStrategy) ? requested : requested + " -> " + ranStrategy;
        double mean = measured.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sd = Math.sqrt(measured.stream().mapToDouble(m -> (m - mean) * (m - mean)).sum() / Math.max(1, n - 1));
        return new Row(name, mbps, measuredMbps / n, deadlineMs, n, (int) (plan >> 32), (int) plan, predicted / n, mean,
                correct / n, (double) met / n, accuracy / n,
                new Row.Spread(sd, measured.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                        measured.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
    }
}
