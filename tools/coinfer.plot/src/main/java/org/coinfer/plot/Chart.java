package org.coinfer.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Stroke;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart: a title, axis labels, optionally logarithmic axes, series drawn as lines with
 * markers, horizontal reference lines, and a legend below the plot so it never covers data.
 * Configure it, add series, then draw it through a {@link Figure}. JFreeChart draws it.
 */
public final class Chart {
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Color INK = new Color(0x333333);
    private static final Color GRID = new Color(0xe4e4e4);
    private static final Color REFERENCE = new Color(0x7a7a7a);
    private static final Stroke LINE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final Stroke DASHED = new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f);
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
        build(legend).draw(g, area);
    }

    /** This chart as JFreeChart draws it, with its legend below the plot or none. */
    JFreeChart build(boolean withLegend) {
        if (series.isEmpty()) {
            throw new IllegalStateException(what() + ": no series");
        }
        Map<Series, Integer> slots = slots();
        XYSeriesCollection data = new XYSeriesCollection();
        SeriesRenderer renderer = new SeriesRenderer();
        double[] firstPoint = null;
        for (Series s : series) {
            int i = data.getSeriesCount();
            int slot = slots.get(s.owner());
            XYSeries xy = new XYSeries(i + ":" + s.name(), false, true);
            for (int k = 0; k < s.size(); k++) {
                if (accepts(logX, s.x(k)) && accepts(logY, s.y(k))) {
                    xy.add(s.x(k), s.y(k));
                    firstPoint = firstPoint == null ? new double[] {s.x(k), s.y(k)} : firstPoint;
                } else if (!xy.isEmpty()) {
                    xy.add(xy.getMaxX(), Double.NaN); // a gap in the data is a gap in the line
                }
            }
            data.addSeries(xy);
            renderer.style(i, s.name(), s.color(slot), s.marker(slot), s.isDashed() ? DASHED : LINE, s.isDashed(),
                    !s.isPointsOnly(), s.inLegend(), (slot - (slots.size() - 1) / 2.0) * dodge);
        }
        if (firstPoint == null) {
            throw new IllegalStateException(what() + ": no point to draw (every point has a NaN or infinite coordinate"
                    + (logX || logY ? ", or one not positive on a log axis)" : ")"));
        }
        List<ValueMarker> markers = new ArrayList<>();
        for (Reference r : references) {
            if (accepts(logY, r.y())) {
                markers.add(reference(data, renderer, r, firstPoint[0]));
            }
        }
        XYPlot plot = new XYPlot(data, axis(xLabel, logX, integerX, DatasetUtils.findDomainBounds(data, false)),
                axis(yLabel, logY, integerY, DatasetUtils.findRangeBounds(data)), renderer);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD); // later series on top, as added
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(INK);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        markers.forEach(m -> plot.addRangeMarker(m, Layer.BACKGROUND));
        JFreeChart chart = new JFreeChart(title, TITLE, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setPaint(INK);
        if (withLegend) {
            chart.addLegend(legend(plot));
        }
        return chart;
    }

    static LegendTitle legend(org.jfree.chart.LegendItemSource source) {
        LegendTitle l = new LegendTitle(source);
        l.setItemFont(LEGEND);
        l.setItemPaint(INK);
        l.setPosition(RectangleEdge.BOTTOM);
        l.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        return l;
    }

    /** A dotted line at the reference, labelled; a hidden point on it makes the axis reach it. */
    private static ValueMarker reference(XYSeriesCollection data, SeriesRenderer renderer, Reference r, double x) {
        ValueMarker m = new ValueMarker(r.y(), REFERENCE, DOTTED);
        m.setLabel(r.label());
        m.setLabelFont(TICK);
        m.setLabelPaint(REFERENCE);
        m.setLabelBackgroundColor(new Color(255, 255, 255, 210));
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        int i = data.getSeriesCount();
        XYSeries hidden = new XYSeries(i + ":" + r.label(), false, true);
        hidden.add(x, r.y());
        data.addSeries(hidden);
        renderer.hide(i);
        return m;
    }

    private static ValueAxis axis(String label, boolean log, boolean integer, Range bounds) {
        ValueAxis axis;
        if (log) {
            // Ticks at powers of two (or of 4, 8 ... on wide ranges): values read as they are, about 4-9 of them.
            LogAxis a = new LogAxis(label);
            a.setBase(2);
            double octaves = Math.log(bounds.getUpperBound() / bounds.getLowerBound()) / Math.log(2);
            a.setTickUnit(new NumberTickUnit(Double.isFinite(octaves) ? Math.max(1, Math.ceil(octaves / 8)) : 1));
            a.setNumberFormatOverride(new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            a.setMinorTickMarksVisible(false);
            axis = a;
        } else {
            NumberAxis a = new NumberAxis(label);
            a.setAutoRangeIncludesZero(false);
            // Room at both ends, so points on the extremes and series dodged off them stay visible.
            a.setAutoRangeStickyZero(false);
            a.setLowerMargin(0.04);
            a.setUpperMargin(0.04);
            if (integer) {
                a.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
            }
            axis = a;
        }
        axis.setLabelFont(LABEL);
        axis.setLabelPaint(INK);
        axis.setTickLabelFont(TICK);
        axis.setTickLabelPaint(INK);
        return axis;
    }

    private static boolean accepts(boolean log, double v) {
        return Double.isFinite(v) && (!log || v > 0);
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
}
