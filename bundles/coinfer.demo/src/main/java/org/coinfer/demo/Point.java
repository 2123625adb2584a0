package org.coinfer.demo;

import java.util.HashMap;
import java.util.Map;
import org.coinfer.api.Outcome;

/** Accumulates the requests of one demo point into a {@link Row}. */
final class Point {
    private final Map<Long, Integer> plans = new HashMap<>();
    private int n;
    private double predicted;
    private double measured;
    private double measuredMbps;
    private double correct;
    private int met;
    private String ranStrategy;

    void add(Outcome o, double isCorrect, double deadlineMs) {
        n++;
        plans.merge(((long) o.plan().exit() << 32) | o.plan().cut(), 1, Integer::sum);
        predicted += o.plan().predicted().totalMs();
        measured += o.totalMs();
        measuredMbps += o.network().uplinkBps() / 1e6;
        correct += isCorrect;
        met += o.totalMs() <= deadlineMs ? 1 : 0;
        ranStrategy = o.plan().strategy();
    }

    Row row(String requested, double mbps, double deadlineMs) {
        long plan = plans.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        String name = requested.equals(ranStrategy) ? requested : requested + " -> " + ranStrategy;
        return new Row(name, mbps, measuredMbps / n, deadlineMs, n, (int) (plan >> 32), (int) plan,
                predicted / n, measured / n, correct / n, (double) met / n);
    }
}
