package org.coinfer.plot;

import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A named line of (x, y) points, drawn in the order added. Points with a NaN or infinite
 * coordinate (or a non-positive one on a log axis) are not drawn and break the line there.
 * Created by {@link Chart#series(String)}; colour and marker come from the chart's palette
 * unless set.
 */
public final class Series {
    static final List<Marker> MARKERS = List.of(Marker.CIRCLE, Marker.SQUARE, Marker.TRIANGLE, Marker.DIAMOND, Marker.TRIANGLE_DOWN);

    private final Chart chart;
    private final String name;
    private double[] xs = new double[16];
    private double[] ys = new double[16];
    private int size;
    private Color color;
    private Marker marker;
    private Series like;
    private boolean dashed;
    private boolean inLegend = true;
    private boolean pointsOnly;

    Series(Chart chart, String name) {
        this.chart = chart;
        this.name = Objects.requireNonNull(name, "series name");
    }

    public Series add(double x, double y) {
        if (size == xs.length) {
            xs = Arrays.copyOf(xs, size * 2);
            ys = Arrays.copyOf(ys, size * 2);
        }
        xs[size] = x;
        ys[size] = y;
        size++;
        return this;
    }

    public Series color(Color c) {
        this.color = Objects.requireNonNull(c, "colour");
        return this;
    }

    public Series marker(Marker m) {
        this.marker = Objects.requireNonNull(m, "marker");
        return this;
    }

    /**
     * Draws this series in the colour and marker of {@code other} (of the same chart), for a
     * companion line such as a prediction next to its measurement; it takes no palette slot.
     */
    public Series like(Series other) {
        if (other.chart != chart) {
            throw new IllegalArgumentException("series '" + name + "' can only look like a series of its own chart, not '" + other.name + "'");
        }
        for (Series s = other; s != null; s = s.like) {
            if (s == this) {
                throw new IllegalArgumentException("series '" + name + "' cannot look like itself");
            }
        }
        this.like = other;
        return this;
    }

    public Series dashed() {
        this.dashed = true;
        return this;
    }

    /** Draws the markers alone, unjoined: a scatter of points whose order means nothing. */
    public Series pointsOnly() {
        this.pointsOnly = true;
        return this;
    }

    /** Leaves this series out of the legend (a series with no points is a legend entry alone). */
    public Series hideInLegend() {
        this.inLegend = false;
        return this;
    }

    public String name() {
        return name;
    }

    public int size() {
        return size;
    }

    public double x(int i) {
        Objects.checkIndex(i, size);
        return xs[i];
    }

    public double y(int i) {
        Objects.checkIndex(i, size);
        return ys[i];
    }

    boolean isDashed() {
        return dashed;
    }

    boolean isPointsOnly() {
        return pointsOnly;
    }

    boolean inLegend() {
        return inLegend;
    }

    /** The series whose palette slot this one uses: itself unless it looks like another. */
    Series owner() {
        return like == null ? this : like.owner();
    }

    Color color(int slot) {
        return color != null ? color : like != null ? like.color(slot) : Palette.color(slot);
    }

    Marker marker(int slot) {
        return marker != null ? marker : like != null ? like.marker(slot) : MARKERS.get(slot % MARKERS.size());
    }
}
