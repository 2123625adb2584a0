package org.coinfer.plot;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.List;

/** Legend entries in centred rows below a plot (or a whole figure), where they never cover data. */
final class Legend {
    /** What a series looks like, by name. */
    record Entry(String name, Color color, Marker marker, boolean dashed) {
    }

    private static final int SWATCH = 30;
    private static final int GAP = 20;

    private final FontMetrics fm;
    private final List<List<Entry>> rows = new ArrayList<>();

    /** Lays out {@code entries} in rows no wider than {@code width} (a wider single entry gets a row of its own). */
    Legend(FontMetrics fm, List<Entry> entries, int width) {
        this.fm = fm;
        int used = 0;
        for (Entry e : entries) {
            int w = width(e);
            if (rows.isEmpty() || used + w > width) {
                rows.add(new ArrayList<>());
                used = 0;
            }
            rows.get(rows.size() - 1).add(e);
            used += w;
        }
    }

    /** Pixels the rows take, with the gap above them; 0 without entries. */
    int height() {
        return rows.isEmpty() ? 0 : 10 + rows.size() * (fm.getHeight() + 4);
    }

    /** Draws the rows, each centred on {@code centre}, below {@code top}. */
    void draw(Graphics2D g, int centre, int top) {
        g.setFont(fm.getFont());
        int y = top + 10;
        for (List<Entry> row : rows) {
            int x = centre - (row.stream().mapToInt(this::width).sum() - GAP) / 2;
            double mid = y + fm.getHeight() / 2.0;
            for (Entry e : row) {
                g.setColor(e.color());
                g.setStroke(e.dashed() ? Chart.DASHED : Chart.LINE);
                g.draw(new Line2D.Double(x + 2, mid, x + SWATCH - 2, mid));
                e.marker().paint(g, e.color(), e.dashed(), x + SWATCH / 2.0, mid);
                g.setColor(Chart.INK);
                g.drawString(e.name(), x + SWATCH + 6, y + fm.getAscent());
                x += width(e);
            }
            y += fm.getHeight() + 4;
        }
    }

    private int width(Entry e) {
        return SWATCH + 6 + fm.stringWidth(e.name()) + GAP;
    }
}
