package org.coinfer.console.internal;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Line charts as inline SVG, drawn on the server: the page needs no script library and no network. */
final class Svg {
    private static final int W = 640;
    private static final int H = 180;
    private static final int PAD = 36;

    private Svg() {
    }

    /** One line of a chart: its name, colour and value of each sample. */
    record Line<T>(String name, String colour, ToDoubleFunction<T> value) {
    }

    @SafeVarargs
    static <T> String chart(String title, String unit, List<T> samples, ToDoubleFunction<T> time, Line<T>... lines) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' role='img' aria-label='%s'>", W, H, Html.escape(title)));
        sb.append(String.format(Locale.ROOT, "<text x='%d' y='14' font-size='12'>%s (%s)</text>", PAD, Html.escape(title), unit));
        if (samples.size() < 2) {
            return sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12'>not enough samples yet</text></svg>",
                    PAD, H / 2)).toString();
        }
        double t0 = time.applyAsDouble(samples.get(0));
        double t1 = Math.max(t0 + 1, time.applyAsDouble(samples.get(samples.size() - 1)));
        double max = 0;
        for (Line<T> l : lines) {
            for (T s : samples) {
                double v = l.value().applyAsDouble(s);
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        max = max > 0 ? max * 1.1 : 1;
        sb.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#888'/>", PAD, H - PAD, W - 8, H - PAD));
        sb.append(String.format(Locale.ROOT, "<text x='2' y='%d' font-size='10'>%.3g</text><text x='2' y='%d' font-size='10'>0</text>",
                PAD, max, H - PAD));
        sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='10'>last %.0f s</text>", PAD, H - PAD + 14, (t1 - t0) / 1000));
        int legend = PAD;
        for (Line<T> l : lines) {
            StringBuilder points = new StringBuilder();
            for (T s : samples) {
                double v = l.value().applyAsDouble(s);
                if (!Double.isFinite(v)) {
                    continue;
                }
                double x = PAD + (time.applyAsDouble(s) - t0) / (t1 - t0) * (W - 8 - PAD);
                double y = H - PAD - v / max * (H - 2 * PAD);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            sb.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='1.5' points='%s'/>", l.colour(),
                    points.toString().trim()));
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' fill='%s'>%s</text>", legend, H - 4, l.colour(),
                    Html.escape(l.name())));
            legend += 12 + 7 * l.name().length();
        }
        return sb.append("</svg>").toString();
    }
}
