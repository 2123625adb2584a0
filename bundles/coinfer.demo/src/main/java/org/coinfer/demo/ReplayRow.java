package org.coinfer.demo;

import java.util.Locale;
import org.coinfer.api.ModelDescription;
import org.coinfer.api.Plan;

/**
 * One request of a replay. Besides the columns: the accuracy of the exit taken, what
 * an oracle that knows the trace's rate would have taken and its accuracy, the same for a safe
 * oracle that also keeps the configuration map's headroom (so the gap to it is what not knowing
 * the rate costs, and the rest of the gap to the oracle is the headroom), and the time the
 * request spent probing, and where the time went: each part as predicted and as measured (the
 * link's part with its round trip; what neither host nor the link accounts for is the rest).
 *
 * @param measuredMs NaN when the request failed
 */
record ReplayRow(String trace, String strategy, double tS, double traceMbps, double estimatedMbps, int exit, int cut,
        double predictedMs, double measuredMs, double deadlineMs, double correct, double accuracy, Choice oracle, Choice safeOracle,
        double probeMs, Parts predictedParts, Parts measuredParts) {
    /** A request's time on the device, on the link (round trip included) and on the edge, in ms. */
    record Parts(double deviceMs, double linkMs, double edgeMs) {
        static final Parts NONE = new Parts(Double.NaN, Double.NaN, Double.NaN);
    }

    /** A plan an oracle would have taken, and its exit's accuracy. */
    record Choice(int exit, int cut, double accuracy) {
        static Choice of(Plan p, ModelDescription model) {
            return new Choice(p.exit(), p.cut(), model.exit(p.exit()).accuracy());
        }

        boolean is(int exit, int cut) {
            return this.exit == exit && this.cut == cut;
        }
    }

    static final String HEADER = "trace,strategy,t_s,trace_mbps,estimated_mbps,exit,cut,predicted_ms,measured_ms,met,correct,"
            + "deadline_ms,accuracy,oracle_exit,oracle_cut,oracle_accuracy,safe_oracle_exit,safe_oracle_cut,"
            + "safe_oracle_accuracy,probe_ms,predicted_device_ms,predicted_link_ms,predicted_edge_ms,"
            + "device_ms,link_ms,edge_ms";

    boolean samePlan(ReplayRow o) {
        return exit == o.exit && cut == o.cut;
    }

    /** Whether the oracle planned this request as it planned {@code o}. */
    boolean sameOraclePlan(ReplayRow o) {
        return oracle.is(o.oracle.exit, o.oracle.cut);
    }

    /** Whether the oracle's plan for this request is the plan {@code o} took. */
    boolean oracleWouldKeep(ReplayRow o) {
        return oracle.is(o.exit, o.cut);
    }

    boolean met() {
        return measuredMs <= deadlineMs;
    }

    String csv() {
        return String.format(Locale.ROOT, "%s,%s,%.3f,%.4f,%.4f,%d,%d,%.3f,%.3f,%s,%s,%.3f,%.4f,%s,%s,%.3f,%s,%s", trace, strategy, tS,
                traceMbps, estimatedMbps, exit, cut, predictedMs, measuredMs, met() ? 1 : 0, Double.isNaN(correct) ? "" : (int) correct,
                deadlineMs, accuracy, csv(oracle), csv(safeOracle), probeMs, csv(predictedParts), csv(measuredParts));
    }

    private static String csv(Choice c) {
        return String.format(Locale.ROOT, "%d,%d,%.4f", c.exit(), c.cut(), c.accuracy());
    }

    private static String csv(Parts p) {
        return String.format(Locale.ROOT, "%.3f,%.3f,%.3f", p.deviceMs(), p.linkMs(), p.edgeMs());
    }
}
