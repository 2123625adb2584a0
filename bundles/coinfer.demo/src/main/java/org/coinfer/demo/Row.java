package org.coinfer.demo;

import java.util.Locale;

/**
 * One point of the demo: a strategy at one bandwidth and requirement, over several requests.
 *
 * @param exit the exit most requests left at
 * @param cut the cut most requests used
 * @param correct fraction of requests answered correctly, NaN without labels
 * @param met fraction of requests answered within the requirement
 * @param accuracy mean accuracy (the manifest's) of the exits the requests left at
 * @param spread how the measured latency varied over the requests
 */
record Row(String strategy, double bandwidthMbps, double measuredMbps, double deadlineMs, int requests,
           int exit, int cut, double predictedMs, double measuredMs, double correct, double met, double accuracy, Spread spread) {

    /** Standard deviation, least and greatest of the measured latencies, in ms. */
    record Spread(double sdMs, double minMs, double maxMs) {
    }

    static final String HEADER = "strategy,bandwidth_mbps,measured_mbps,deadline_ms,requests,exit,cut,predicted_ms,measured_ms,correct,met,"
            + "accuracy,measured_sd_ms,measured_min_ms,measured_max_ms";

    String csv() {
        return String.format(Locale.ROOT, "%s,%s,%.3f,%s,%d,%d,%d,%.2f,%.2f,%s,%.2f,%.4f,%.2f,%.2f,%.2f", strategy, num(bandwidthMbps),
                measuredMbps, num(deadlineMs), requests, exit, cut, predictedMs, measuredMs,
                Double.isNaN(correct) ? "" : String.format(Locale.ROOT, "%.2f", correct), met, accuracy, spread.sdMs(), spread.minMs(),
                spread.maxMs());
    }

    static String tableHeader() {
        return String.format(Locale.ROOT, "%-34s %9s %9s %9s %4s %4s %10s %10s %7s %5s",
                "strategy", "bw Mbps", "meas Mbps", "deadline", "exit", "cut", "pred ms", "meas ms", "correct", "met");
    }

    String tableLine() {
        return String.format(Locale.ROOT, "%-34s %9s %9.3f %9s %4d %4d %10.1f %10.1f %7s %5.2f", strategy, num(bandwidthMbps), measuredMbps,
                num(deadlineMs), exit, cut, predictedMs, measuredMs, Double.isNaN(correct) ? "-" : String.format(Locale.ROOT, "%.2f", correct), met);
    }

    static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
