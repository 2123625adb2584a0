package org.coinfer.plot;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/** The shape drawn at each point; shapes differ between series so they stay apart without colour too. */
public enum Marker {
    CIRCLE, SQUARE, TRIANGLE, DIAMOND, TRIANGLE_DOWN, NONE;

    /** Pixels across: big enough to tell the shapes apart, small enough not to hide the line. */
    static final double SIZE = 8;

    /** This marker centred on (x, y), about {@code size} pixels across; null for {@link #NONE}. */
    Shape at(double x, double y, double size) {
        double r = size / 2;
        return switch (this) {
            case CIRCLE -> new Ellipse2D.Double(x - r, y - r, size, size);
            // A square looks larger than a circle of the same width.
            case SQUARE -> new Rectangle2D.Double(x - r * 0.85, y - r * 0.85, size * 0.85, size * 0.85);
            case TRIANGLE -> polygon(x, y - r * 1.1, x + r * 1.1, y + r * 0.8, x - r * 1.1, y + r * 0.8);
            case TRIANGLE_DOWN -> polygon(x, y + r * 1.1, x + r * 1.1, y - r * 0.8, x - r * 1.1, y - r * 0.8);
            case DIAMOND -> polygon(x, y - r * 1.2, x + r * 1.2, y, x, y + r * 1.2, x - r * 1.2, y);
            case NONE -> null;
        };
    }

    private static Shape polygon(double... xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            p.lineTo(xy[i], xy[i + 1]);
        }
        p.closePath();
        return p;
    }
}
