package org.coinfer.model.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.coinfer.api.Exit;
import org.coinfer.api.LatencyBreakdown;
import org.coinfer.api.LinkEstimate;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.model.json.JsonWriter;

/**
 * The plans some strategies chose in one context, and every candidate plan of that context.
 *
 * @param plans in the order they are to be shown
 */
public record PlanReport(PlanningContext context, List<Plan> plans) {
    public PlanReport {
        plans = List.copyOf(plans);
    }

    /** Each plan with its breakdown, under a line that says what it was planned for. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(conditions()).append('\n');
        sb.append(String.format(Locale.ROOT, "%-16s %4s %4s %8s %10s %9s %9s %7s %9s %9s  %s%n", "strategy", "exit", "cut", "accuracy",
                "predicted", "device", "upload", "rtt", "edge", "download", "requirement"));
        for (Plan p : plans) {
            LatencyBreakdown t = p.predicted();
            sb.append(String.format(Locale.ROOT, "%-16s %4d %4d %8s %8.2fms %7.2fms %7.2fms %5.2fms %7.2fms %7.2fms  %s%n",
                    p.strategy(), p.exit(), p.cut(), accuracy(context.model().exit(p.exit())), t.totalMs(), t.deviceMs(),
                    t.uploadMs(), t.rttMs(), t.edgeMs(), t.downloadMs(), p.meetsRequirement() ? "met" : "missed"));
        }
        return sb.toString();
    }

    /**
     * {@code {"plans":[{"strategy","exit","cut","predictedMs","meets"}],"candidates":[{"exit","cut","accuracy","predictedMs"}]}},
     * with each plan's breakdown and the conditions besides.
     */
    public Map<String, Object> json() {
        List<Object> planList = new ArrayList<>();
        for (Plan p : plans) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("strategy", p.strategy());
            m.put("exit", p.exit());
            m.put("cut", p.cut());
            m.put("predictedMs", p.predicted().totalMs());
            m.put("meets", p.meetsRequirement());
            m.put("breakdown", breakdown(p.predicted()));
            planList.add(m);
        }
        List<Object> candidates = new ArrayList<>();
        for (Exit e : context.model().exits()) {
            for (int c = 0; c <= e.layers(); c++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("exit", e.number());
                m.put("cut", c);
                m.put("accuracy", e.accuracy());
                m.put("predictedMs", context.predict(e.number(), c).totalMs());
                candidates.add(m);
            }
        }
        NetworkConditions n = context.network();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("plans", planList);
        out.put("candidates", candidates);
        out.put("model", context.model().id());
        out.put("deadlineMs", context.requirement().deadlineMs());
        out.put("uplinkMbps", n.uplinkBps() / 1e6);
        out.put("downlinkMbps", n.downlinkBps() / 1e6);
        out.put("rttMs", n.rttMs());
        return out;
    }

    /** {@link #json()} on one line. */
    public String jsonLine() {
        return JsonWriter.compact(json());
    }

    private String conditions() {
        NetworkConditions n = context.network();
        LinkEstimate l = context.link();
        String sure = l.ageMs() == 0 && l.uplinkSpread() == 0 ? "" : String.format(Locale.ROOT,
                " (measured %.1f s ago, spread up %.0f%% down %.0f%%)", l.ageMs() / 1e3, 100 * l.uplinkSpread(), 100 * l.downlinkSpread());
        return String.format(Locale.ROOT, "model %s, requirement %s ms, uplink %.3f Mbit/s, downlink %.3f Mbit/s, RTT %.2f ms%s",
                context.model().id(), num(context.requirement().deadlineMs()), n.uplinkBps() / 1e6, n.downlinkBps() / 1e6, n.rttMs(), sure);
    }

    private static Map<String, Object> breakdown(LatencyBreakdown t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deviceMs", t.deviceMs());
        m.put("uploadMs", t.uploadMs());
        m.put("rttMs", t.rttMs());
        m.put("edgeMs", t.edgeMs());
        m.put("downloadMs", t.downloadMs());
        return m;
    }

    private static String accuracy(Exit e) {
        return Double.isNaN(e.accuracy()) ? "-" : String.format(Locale.ROOT, "%.4f", e.accuracy());
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
