package dev.descent.report.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * A marker symbol for XChart, through its extension point {@link org.knowm.xchart.style.markers.Marker}:
 * unlike XChart's own markers it has its own size (XChart's is one size per chart) and an optional
 * outline, so a black star with a white rim reads on every contour band. XChart paints it at each
 * point and in the legend.
 */
final class Glyph extends org.knowm.xchart.style.markers.Marker {

    /** The symbol's outline. */
    enum Kind {
        CIRCLE, STAR, TRIANGLE, SQUARE, DIAMOND
    }

    private final Kind kind;
    private final double size;
    private final Color fill;
    private final Color rim;
    private final BasicStroke rimStroke;

    /**
     * @param kind the outline
     * @param size the diameter in pixels
     * @param fill the fill, or null for the series' marker color (set by XChart before painting)
     * @param rim  the outline color, or null for none
     */
    Glyph(Kind kind, double size, Color fill, Color rim, float rimWidth) {
        this.kind = kind;
        this.size = size;
        this.fill = fill;
        this.rim = rim;
        this.rimStroke = new BasicStroke(rimWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    @Override
    public void paint(Graphics2D g, double x, double y, int ignoredChartMarkerSize) {
        Shape s = shape(x, y);
        if (fill != null) {
            g.setColor(fill);
        }
        g.fill(s);
        if (rim != null) {
            g.setColor(rim);
            g.setStroke(rimStroke);
            g.draw(s);
        }
    }

    private Shape shape(double x, double y) {
        double r = size / 2;
        switch (kind) {
            case CIRCLE:
                return new Ellipse2D.Double(x - r, y - r, size, size);
            case SQUARE:
                return new Rectangle2D.Double(x - r * 0.85, y - r * 0.85, size * 0.85, size * 0.85);
            case DIAMOND:
                return polygon(x, y, r, 4, 1);
            case TRIANGLE:
                return polygon(x, y, r * 1.1, 3, 1);
            default:
                return polygon(x, y, r * 1.15, 5, 0.45); // a five-pointed star
        }
    }

    /** A regular polygon (inner = 1) or star (inner < 1) with its first vertex straight up. */
    private static Shape polygon(double x, double y, double r, int points, double inner) {
        Path2D.Double p = new Path2D.Double();
        int vertices = inner < 1 ? 2 * points : points;
        for (int k = 0; k < vertices; k++) {
            double radius = inner < 1 && (k & 1) == 1 ? r * inner : r;
            double a = -Math.PI / 2 + 2 * Math.PI * k / vertices;
            double px = x + radius * Math.cos(a);
            double py = y + radius * Math.sin(a);
            if (k == 0) {
                p.moveTo(px, py);
            } else {
                p.lineTo(px, py);
            }
        }
        p.closePath();
        return p;
    }
}
