package org.coinfer.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class SettingsFormTest {
    private static final List<String> STRATEGIES = List.of("edgent", "neurosurgeon");
    private static final List<String> PREDICTORS = List.of("hybrid", "profile");

    private static SettingsForm.Changes check(Map<String, String> values) throws SettingsForm.Refused {
        return SettingsForm.check(values, STRATEGIES, PREDICTORS);
    }

    @Test
    public void validFieldsBecomeChangesAndEmptyOnesKeepTheirSetting() throws Exception {
        assertEquals(Map.of("deadlineMs", 42.5, "strategy", "neurosurgeon"),
                check(Map.of("deadlineMs", " 42.5 ", "strategy", "neurosurgeon", "predictor", "")).properties());
        assertEquals(Map.of("predictor", "profile"), check(Map.of("predictor", "profile")).properties());
    }

    @Test
    public void aBadFieldRefusesTheWholeSubmissionSayingWhy() {
        for (var bad : List.of(Map.of("deadlineMs", "-1"), Map.of("deadlineMs", "0"), Map.of("deadlineMs", "NaN"),
                Map.of("deadlineMs", "Infinity"), Map.of("deadlineMs", "soon", "strategy", "edgent"))) {
            SettingsForm.Refused e = assertThrows(SettingsForm.Refused.class, () -> check(bad));
            assertTrue(e.getMessage(), e.getMessage().startsWith("latency requirement: expected a number of milliseconds above 0"));
        }
        SettingsForm.Refused s = assertThrows(SettingsForm.Refused.class, () -> check(Map.of("deadlineMs", "5", "strategy", "oracle")));
        assertEquals("strategy: 'oracle' is not installed; installed: [edgent, neurosurgeon]", s.getMessage());
        SettingsForm.Refused p = assertThrows(SettingsForm.Refused.class, () -> check(Map.of("predictor", "crystal-ball")));
        assertEquals("predictor: 'crystal-ball' is not installed; installed: [hybrid, profile]", p.getMessage());
        assertThrows(SettingsForm.Refused.class, () -> check(Map.of()));
    }

    @Test
    public void chartsAndTextAreEscapedAndDrawnWithoutAScriptLibrary() {
        assertEquals("&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39;", Html.escape("<b> & \"x\" 'y'"));
        String svg = Svg.chart("link <estimate>", "Mbit/s", List.of(new double[] {0, 1}, new double[] {1000, 3}), s -> s[0],
                new Svg.Line<double[]>("up", "#000", s -> s[1]));
        assertTrue(svg, svg.startsWith("<svg") && svg.contains("<polyline") && svg.contains("link &lt;estimate&gt;"));
        assertTrue(Svg.chart("t", "u", List.<double[]>of(), s -> 0, new Svg.Line<double[]>("up", "#000", s -> 0))
                .contains("not enough samples yet"));
    }
}
