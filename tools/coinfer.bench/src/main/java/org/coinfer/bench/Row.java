package org.coinfer.bench;

import java.util.Locale;

/**
 * One line of the summary: a measured value against its target.
 *
 * @param verdict PASS, MISS, INFO (no target) or SKIP (not measured)
 */
record Row(String metric, double value, String unit, String target, String verdict, String note) {
    static Row check(String metric, double value, String unit, String target, boolean met, String note) {
        return new Row(metric, value, unit, target, met ? "PASS" : "MISS", note);
    }

    static Row info(String metric, double value, String unit, String note) {
        return new Row(metric, value, unit, "-", "INFO", note);
    }

    static Row skip(String metric, String target, String note) {
        return new Row(metric, Double.NaN, "", target, "SKIP", note);
    }

    String valueText() {
        if (Double.isNaN(value)) {
            return "-";
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.0f" : "%.4g", value);
    }

    String csv() {
        return String.join(",", quote(metric), Double.isNaN(value) ? "" : Double.toString(value), quote(unit),
                quote(target), verdict, quote(note));
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
