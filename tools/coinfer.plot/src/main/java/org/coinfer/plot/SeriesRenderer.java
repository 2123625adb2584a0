package org.coinfer.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Stroke;
import java.awt.geom.Rectangle2D;
import java.util.HashMap;
import java.util.Map;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYDataset;

/**
 * Lines and markers as the charts want them: filled markers with a white rim (hollow ones for
 * dashed companions), legend labels by series name, and each series shifted by its dodge.
 */
final class SeriesRenderer extends XYLineAndShapeRenderer {
    private static final long serialVersionUID = 1L;

    private final Map<Integer, String> names = new HashMap<>();
    private final Map<Integer, Double> shifts = new HashMap<>();

    SeriesRenderer() {
        super(true, true);
        setUseFillPaint(true);
        setUseOutlinePaint(true);
        setDrawOutlines(true);
        setLegendItemLabelGenerator((dataset, series) -> names.getOrDefault(series, ""));
    }

    void style(int i, String name, Color color, Marker marker, Stroke stroke, boolean hollow, boolean lines, boolean inLegend,
               double shift) {
        names.put(i, name);
        shifts.put(i, shift);
        setSeriesPaint(i, color);
        setSeriesStroke(i, stroke);
        setSeriesLinesVisible(i, lines);
        setSeriesShapesVisible(i, marker != Marker.NONE);
        if (marker != Marker.NONE) {
            setSeriesShape(i, marker.at(0, 0, Marker.SIZE));
        }
        setSeriesFillPaint(i, hollow ? Color.WHITE : color);
        setSeriesOutlinePaint(i, hollow ? color : Color.WHITE);
        setSeriesVisibleInLegend(i, inLegend);
    }

    /** A series that is only there to stretch the axes. */
    void hide(int i) {
        setSeriesLinesVisible(i, false);
        setSeriesShapesVisible(i, false);
        setSeriesVisibleInLegend(i, false);
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info, XYPlot plot,
                         ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series, int item,
                         CrosshairState crosshair, int pass) {
        double shift = shifts.getOrDefault(series, 0.0);
        g2.translate(0, -shift);
        try {
            super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, series, item, crosshair, pass);
        } finally {
            g2.translate(0, shift);
        }
    }
}
