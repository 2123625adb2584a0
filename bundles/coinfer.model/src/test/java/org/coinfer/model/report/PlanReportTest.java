package org.coinfer.model.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.coinfer.api.LatencyRequirement;
import org.coinfer.api.NetworkConditions;
import org.coinfer.api.Plan;
import org.coinfer.api.PlanningContext;
import org.coinfer.model.HostProfiles;
import org.coinfer.model.HostProfilesTest;
import org.coinfer.model.json.JsonReader;
import org.junit.Test;

public class PlanReportTest {
    static final PlanningContext CONTEXT = new PlanningContext(HostProfilesTest.MODEL, new NetworkConditions(1e6, 2e6, 4),
            new LatencyRequirement(4), HostProfiles.predictor(HostProfilesTest.DEVICE, HostProfilesTest.EDGE));

    @Test
    @SuppressWarnings("unchecked")
    public void jsonHasEveryPlanAndEveryCandidate() {
        Plan fast = CONTEXT.plan("a", 1, 1);
        Plan slow = CONTEXT.plan("b", 2, 0);
        Map<String, Object> json = (Map<String, Object>) JsonReader.parse(new PlanReport(CONTEXT, List.of(fast, slow)).jsonLine(), "report");
        List<Map<String, Object>> plans = (List<Map<String, Object>>) json.get("plans");
        assertEquals(2, plans.size());
        assertEquals("a", plans.get(0).get("strategy"));
        assertEquals(1.0, plans.get(0).get("exit"));
        assertEquals(Boolean.TRUE, plans.get(0).get("meets"));
        assertEquals(2.5, (Double) plans.get(0).get("predictedMs"), 1e-12);
        assertEquals(Boolean.FALSE, plans.get(1).get("meets"));
        // 16 B at 1 Mbit/s, 4 ms RTT, 0.5 ms on the edge, 8 B at 2 Mbit/s.
        assertEquals(0.128 + 4 + 0.5 + 0.032, (Double) plans.get(1).get("predictedMs"), 1e-9);
        List<Map<String, Object>> candidates = (List<Map<String, Object>>) json.get("candidates");
        assertEquals("2 cuts on exit 1, 3 on exit 2", 5, candidates.size());
        assertEquals(0.9, (Double) candidates.get(4).get("accuracy"), 0);
        assertEquals(7.25, (Double) candidates.get(4).get("predictedMs"), 1e-12);
    }

    @Test
    public void theTableNamesTheConditionsAndEachPlan() {
        String table = new PlanReport(CONTEXT, List.of(CONTEXT.plan("edgent", 1, 1))).table();
        assertTrue(table, table.startsWith("model m, requirement 4 ms, uplink 1.000 Mbit/s, downlink 2.000 Mbit/s, RTT 4.00 ms\n"));
        assertTrue(table, table.contains("edgent              1    1   0.5000     2.50ms"));
        assertTrue(table, table.trim().endsWith("met"));
    }
}
