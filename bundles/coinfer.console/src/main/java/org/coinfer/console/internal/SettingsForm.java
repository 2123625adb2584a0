package org.coinfer.console.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The page's form: the default latency requirement, the strategy and the predictor the device
 * plans with. Every field is checked before anything changes, so a bad value changes nothing.
 */
final class SettingsForm {
    static final String DEADLINE = "deadlineMs";
    static final String STRATEGY = "strategy";
    static final String PREDICTOR = "predictor";

    private SettingsForm() {
    }

    /** What a valid submission changes in the device runtime's configuration. */
    record Changes(Map<String, Object> properties) {
    }

    /** Why a submission was refused, for the page to show. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * @param values the submitted fields (a field left empty keeps its setting)
     */
    static Changes check(Map<String, String> values, List<String> strategies, List<String> predictors) throws Refused {
        Map<String, Object> changes = new LinkedHashMap<>();
        String deadline = values.getOrDefault(DEADLINE, "").trim();
        if (!deadline.isEmpty()) {
            double ms;
            try {
                ms = Double.parseDouble(deadline);
            } catch (NumberFormatException e) {
                throw new Refused("latency requirement: expected a number of milliseconds above 0, found '" + deadline + "'");
            }
            if (!(ms > 0) || Double.isInfinite(ms)) {
                throw new Refused("latency requirement: expected a number of milliseconds above 0, found " + deadline);
            }
            changes.put(DEADLINE, ms);
        }
        choice(values, STRATEGY, "strategy", strategies, changes);
        choice(values, PREDICTOR, "predictor", predictors, changes);
        if (changes.isEmpty()) {
            throw new Refused("nothing to change: every field was empty");
        }
        return new Changes(changes);
    }

    private static void choice(Map<String, String> values, String field, String what, List<String> installed,
            Map<String, Object> changes) throws Refused {
        String v = values.getOrDefault(field, "").trim();
        if (v.isEmpty()) {
            return;
        }
        if (!installed.contains(v)) {
            throw new Refused(String.format(Locale.ROOT, "%s: '%s' is not installed; installed: %s", what, v, installed));
        }
        changes.put(field, v);
    }
}
