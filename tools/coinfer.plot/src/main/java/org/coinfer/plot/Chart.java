package org.coinfer.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A line chart: a title, axis labels, optionally logarithmic axes, series drawn as lines with
 * markers, horizontal reference lines, and a legend below the plot so it never covers data.
 * Configure it, add series, then draw it through a {@link Figure}.
 */
public final class Chart {
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Color INK = new Color(0x333333);
    private static final Color GRID = new Color(0xe4e4e4);
    private static final Color REFERENCE = new Color(0x7a7a7a);
    private static final int PAD = 14;
    static final Stroke LINE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final Stroke DASHED = new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f);
    private static final Stroke DOTTED = new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {2f, 4f}, 0f);

    private final String title;
    private String xLabel = "";
    private String yLabel = "";
    private boolean logX;
    private boolean logY;
    private boolean integerX;
    private boolean integerY;
    private int dodge;
    private boolean legend = true;
    private final List<Series> series = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();

    private record Reference(double y, String label) {
    }

    public Chart(String title) {
        this.title = Objects.requireNonNull(title, "title");
    }

    public Chart xLabel(String label) {
        this.xLabel = Objects.requireNonNull(label, "x label");
        return this;
    }

    public Chart yLabel(String label) {
        this.yLabel = Objects.requireNonNull(label, "y label");
        return this;
    }

    /** A logarithmic x axis; points with x &lt;= 0 are then not drawn. */
    public Chart logX() {
        this.logX = true;
        return this;
    }

    /** A logarithmic y axis; points with y &lt;= 0 are then not drawn. */
    public Chart logY() {
        this.logY = true;
        return this;
    }

    /** Ticks at whole numbers only on a linear x axis, for indices and counts. */
    public Chart integerX() {
        this.integerX = true;
        return this;
    }

    /** Ticks at whole numbers only on a linear y axis, for indices and counts. */
    public Chart integerY() {
        this.integerY = true;
        return this;
    }

    /**
     * Shifts the series apart vertically by {@code pixels} each (centred on the true value), so
     * series with equal values, common for indices, stay visible side by side instead of hiding
     * each other.
     */
    public Chart dodge(int pixels) {
        if (pixels < 0) {
            throw new IllegalArgumentException("dodge must not be negative: " + pixels);
        }
        this.dodge = pixels;
        return this;
    }

    public Chart noLegend() {
        this.legend = false;
        return this;
    }

    /** A new series of this chart, drawn after (on top of) the ones before it. */
    public Series series(String name) {
        Series s = new Series(this, name);
        series.add(s);
        return s;
    }

    /** A dotted grey line across the plot at {@code y}, labelled at its right end: a deadline, a target. */
    public Chart horizontalLine(double y, String label) {
        if (!Double.isFinite(y)) {
            throw new IllegalArgumentException("horizontal line at " + y + " is not finite");
        }
        references.add(new Reference(y, Objects.requireNonNull(label, "label")));
        return this;
    }

    public String title() {
        return title;
    }

    public List<Series> series() {
        return Collections.unmodifiableList(series);
    }

    /** Draws the chart into {@code area} of {@code g}. */
    public void draw(Graphics2D g, Rectangle area) {
        draw(g, area, legend);
    }

    void draw(Graphics2D g, Rectangle area, boolean withLegend) {
        if (series.isEmpty()) {
            throw new IllegalStateException(what() + ": no series");
        }
        Graphics2D c = (Graphics2D) g.create();
        try {
            new Layout(c, area, withLegend).draw();
        } finally {
            c.dispose();
        }
    }

    /** How each series shown in the legend looks. */
    List<Legend.Entry> legendEntries() {
        Map<Series, Integer> slots = slots();
        List<Legend.Entry> entries = new ArrayList<>();
        for (Series s : series) {
            if (s.inLegend()) {
                int slot = slots.get(s.owner());
                entries.add(new Legend.Entry(s.name(), s.color(slot), s.marker(slot), s.isDashed()));
            }
        }
        return entries;
    }

    private String what() {
        return "chart '" + title + "'";
    }

    /** Palette slot per series: series that look like another share its slot. */
    private Map<Series, Integer> slots() {
        Map<Series, Integer> slots = new IdentityHashMap<>();
        for (Series s : series) {
            if (s.owner() == s) {
                slots.put(s, slots.size());
            }
        }
        return slots;
    }

    /** One drawing of the chart: positions worked out from the fonts and the area, then painted. */
    private final class Layout {
        private final Graphics2D g;
        private final Rectangle area;
        private final Axis xa;
        private final Axis ya;
        private final Map<Series, Integer> slots = slots();
        private final boolean withLegend;
        /** Lines and markers drawn so far, for labels to keep clear of. */
        private final List<Shape> drawn = new ArrayList<>();
        private int left;
        private int right;
        private int top;
        private int bottom;

        Layout(Graphics2D g, Rectangle area, boolean withLegend) {
            this.g = g;
            this.area = area;
            this.withLegend = withLegend;
            double x0 = Double.POSITIVE_INFINITY;
            double x1 = Double.NEGATIVE_INFINITY;
            double y0 = Double.POSITIVE_INFINITY;
            double y1 = Double.NEGATIVE_INFINITY;
            for (Series s : series) {
                for (int i = 0; i < s.size(); i++) {
                    if (Axis.accepts(logX, s.x(i)) && Axis.accepts(logY, s.y(i))) {
                        x0 = Math.min(x0, s.x(i));
                        x1 = Math.max(x1, s.x(i));
                        y0 = Math.min(y0, s.y(i));
                        y1 = Math.max(y1, s.y(i));
                    }
                }
            }
            if (x0 > x1) {
                throw new IllegalStateException(what() + ": no point to draw (every point has a NaN or infinite coordinate"
                        + (logX || logY ? ", or one not positive on a log axis)" : ")"));
            }
            // A reference line is there to be seen, so the axis reaches it.
            for (Reference r : references) {
                if (Axis.accepts(logY, r.y())) {
                    y0 = Math.min(y0, r.y());
                    y1 = Math.max(y1, r.y());
                }
            }
            xa = Axis.of(x0, x1, logX, integerX);
            ya = Axis.of(y0, y1, logY, integerY);
        }

        void draw() {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            FontMetrics ft = g.getFontMetrics(TITLE);
            FontMetrics fl = g.getFontMetrics(LABEL);
            FontMetrics fk = g.getFontMetrics(TICK);
            FontMetrics fg = g.getFontMetrics(LEGEND);
            int left0 = area.x + PAD;
            int right0 = area.x + area.width - PAD;
            Legend key = new Legend(fg, withLegend ? legendEntries() : List.of(), right0 - left0);
            int xLabelH = xLabel.isEmpty() ? 0 : fl.getHeight() + 4;
            top = area.y + PAD + (title.isEmpty() ? 0 : ft.getHeight() + 8);
            bottom = area.y + area.height - PAD - key.height() - xLabelH - fk.getHeight() - 8;
            if (bottom - top < 40) {
                throw new IllegalStateException(what() + ": " + area.width + "x" + area.height + " pixels leave no room for the plot");
            }
            double[] yt = ya.ticks(Math.max(2, (bottom - top) / 45));
            int yTickW = 0;
            for (double t : yt) {
                yTickW = Math.max(yTickW, fk.stringWidth(Ticks.label(t)));
            }
            left = left0 + (yLabel.isEmpty() ? 0 : fl.getHeight() + 6) + yTickW + 8;
            right = right0 - 14; // room for half of the last x tick label
            if (right - left < 40) {
                throw new IllegalStateException(what() + ": " + area.width + "x" + area.height + " pixels leave no room for the plot");
            }
            double[] xt = xTicks(fk);

            g.setStroke(new BasicStroke(1f));
            g.setColor(GRID);
            for (double t : xt) {
                g.draw(new Line2D.Double(px(t), top, px(t), bottom));
            }
            for (double t : yt) {
                g.draw(new Line2D.Double(left, py(t), right, py(t)));
            }
            referenceLines();
            Shape clip = g.getClip();
            g.clipRect(left, top, right - left + 1, bottom - top + 1);
            for (Series s : series) {
                line(s);
            }
            g.setClip(clip);
            referenceLabels(fk);
            axes(ft, fl, fk, xt, yt);
            key.draw(g, area.x + area.width / 2, bottom + fk.getHeight() + 8 + xLabelH);
        }

        private double px(double x) {
            return left + xa.fraction(x) * (right - left);
        }

        private double py(double y) {
            return bottom - ya.fraction(y) * (bottom - top);
        }

        /** As many x ticks as fit with their labels a little apart. */
        private double[] xTicks(FontMetrics fk) {
            for (int max = Math.max(2, (right - left) / 55); ; max--) {
                double[] t = xa.ticks(max);
                boolean fits = true;
                for (int i = 1; i < t.length && fits; i++) {
                    double room = px(t[i]) - px(t[i - 1]);
                    fits = room >= (fk.stringWidth(Ticks.label(t[i])) + fk.stringWidth(Ticks.label(t[i - 1]))) / 2.0 + 10;
                }
                if (fits || max <= 2) {
                    return t;
                }
            }
        }

        private void referenceLines() {
            g.setColor(REFERENCE);
            g.setStroke(DOTTED);
            for (Reference r : references) {
                if (ya.accepts(r.y())) {
                    g.draw(new Line2D.Double(left, py(r.y()), right, py(r.y())));
                }
            }
        }

        /**
         * Each reference line's label at whichever end and side of it crosses the least drawn
         * data, on a translucent white patch so it stays legible where it cannot avoid data.
         */
        private void referenceLabels(FontMetrics fk) {
            g.setFont(TICK);
            for (Reference r : references) {
                if (!ya.accepts(r.y())) {
                    continue;
                }
                double y = py(r.y());
                double w = fk.stringWidth(r.label()) + 6;
                double h = fk.getAscent() + 3;
                Rectangle2D best = null;
                int fewest = Integer.MAX_VALUE;
                for (double x : new double[] {right - 3 - w, left + 3}) {
                    for (double y0 : new double[] {y - 2 - h, y + 2}) {
                        Rectangle2D box = new Rectangle2D.Double(x, y0, w, h);
                        int crossed = (int) drawn.stream().filter(d -> d.intersects(box)).count();
                        if (box.getMinY() >= top && box.getMaxY() <= bottom && crossed < fewest) {
                            best = box;
                            fewest = crossed;
                        }
                    }
                }
                if (best == null) {
                    continue; // the plot is too short to hold the label
                }
                g.setColor(new Color(255, 255, 255, 210));
                g.fill(best);
                g.setColor(REFERENCE);
                g.drawString(r.label(), (float) best.getX() + 3, (float) best.getMaxY() - 2);
            }
        }

        private void line(Series s) {
            int slot = slots.get(s.owner());
            Color color = s.color(slot);
            Marker marker = s.marker(slot);
            double shift = (slot - (slots.size() - 1) / 2.0) * dodge;
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                if (!xa.accepts(s.x(i)) || !ya.accepts(s.y(i))) {
                    pen = false; // a gap in the data is a gap in the line
                    continue;
                }
                double x = px(s.x(i));
                double y = py(s.y(i)) - shift;
                drawn.add(new Rectangle2D.Double(x - Marker.SIZE / 2, y - Marker.SIZE / 2, Marker.SIZE, Marker.SIZE));
                if (pen && !s.isPointsOnly()) {
                    drawn.add(new Line2D.Double(path.getCurrentPoint(), new java.awt.geom.Point2D.Double(x, y)));
                    path.lineTo(x, y);
                } else {
                    path.moveTo(x, y);
                    pen = true;
                }
                points.add(new double[] {x, y});
            }
            g.setColor(color);
            g.setStroke(s.isDashed() ? DASHED : LINE);
            g.draw(path);
            for (double[] p : points) {
                marker.paint(g, color, s.isDashed(), p[0], p[1]);
            }
        }

        private void axes(FontMetrics ft, FontMetrics fl, FontMetrics fk, double[] xt, double[] yt) {
            g.setColor(INK);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(left, top, right - left, bottom - top);
            g.setFont(TICK);
            for (double t : xt) {
                double x = px(t);
                g.draw(new Line2D.Double(x, bottom, x, bottom + 4));
                String s = Ticks.label(t);
                g.drawString(s, (float) (x - fk.stringWidth(s) / 2.0), bottom + 6 + fk.getAscent());
            }
            for (double t : yt) {
                double y = py(t);
                g.draw(new Line2D.Double(left - 4, y, left, y));
                String s = Ticks.label(t);
                g.drawString(s, left - 7 - fk.stringWidth(s), (float) (y + fk.getAscent() / 2.0 - 1));
            }
            int mid = (left + right) / 2;
            if (!xLabel.isEmpty()) {
                g.setFont(LABEL);
                g.drawString(xLabel, mid - fl.stringWidth(xLabel) / 2, bottom + 8 + fk.getHeight() + fl.getAscent());
            }
            if (!yLabel.isEmpty()) {
                Graphics2D r = (Graphics2D) g.create();
                r.setFont(LABEL);
                r.translate(area.x + PAD + fl.getAscent(), (top + bottom) / 2.0);
                r.transform(AffineTransform.getRotateInstance(-Math.PI / 2));
                r.drawString(yLabel, -fl.stringWidth(yLabel) / 2f, 0);
                r.dispose();
            }
            if (!title.isEmpty()) {
                g.setFont(TITLE);
                g.drawString(title, mid - ft.stringWidth(title) / 2, area.y + PAD + ft.getAscent());
            }
        }
    }
}
