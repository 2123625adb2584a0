package org.coinfer.demo;

import java.util.Locale;

/**
 * One request of a replay. Besides the columns: the accuracy of the exit taken, what
 * an oracle that knows the trace's rate would have taken and its accuracy, and the time the
 * request spent probing.
 *
 * @param measuredMs NaN when the request failed
 */
record ReplayRow(String trace, String strategy, double tS, double traceMbps, double estimatedMbps, int exit, int cut,
        double predictedMs, double measuredMs, double deadlineMs, double correct, double accuracy, int oracleExit,
        int oracleCut, double oracleAccuracy, double probeMs) {
    static final String HEADER = "trace,strategy,t_s,trace_mbps,estimated_mbps,exit,cut,predicted_ms,measured_ms,met,correct,"
            + "deadline_ms,accuracy,oracle_exit,oracle_cut,oracle_accuracy,probe_ms";

    boolean samePlan(ReplayRow o) {
        return exit == o.exit && cut == o.cut;
    }

    /** Whether the oracle's plan for this request is the plan {@code o} took. */
    boolean oracleWouldKeep(ReplayRow o) {
        return oracleExit == o.exit && oracleCut == o.cut;
    }

    boolean met() {
        return measuredMs <= deadlineMs;
    }

    String csv() {
        return String.format(Locale.ROOT, "%s,%s,%.3f,%.4f,%.4f,%d,%d,%.3f,%.3f,%s,%s,%.3f,%.4f,%d,%d,%.4f,%.3f", trace, strategy, tS,
                traceMbps, estimatedMbps, exit, cut, predictedMs, measuredMs, met() ? 1 : 0, Double.isNaN(correct) ? "" : (int) correct,
                deadlineMs, accuracy, oracleExit, oracleCut, oracleAccuracy, probeMs);
    }
}
