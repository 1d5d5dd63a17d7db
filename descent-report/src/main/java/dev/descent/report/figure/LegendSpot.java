package dev.descent.report.figure;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.List;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Where the legend goes. A line chart takes the first corner of the plot (NE, NW, SE, SW) that no
 * drawn series passes through (a loss curve usually leaves the upper right free), else one row
 * below the plot if the names fit across, else a column below if it takes at most a quarter of
 * the height (curves over steps are better wide than tall), else a column to the right. A contour figure prefers
 * the column to the right, because inside it would hide the field, as long as the plot stays
 * roughly square (width/height ≥ 0.8) so paths are not distorted; then a row below (if the plot
 * stays within 1.25), then an empty corner, then the right anyway.
 *
 * <p>XChart lays the chart out only while painting, so sizes here are estimates from the fonts and
 * the figure's size; they err towards a larger legend box.
 */
final class LegendSpot {

    /** A drawn series in data units, NaN-separated; {@code points} if drawn without lines. */
    record Drawn(double[] x, double[] y, boolean points) {
    }

    /** Where and how the legend is laid out. */
    record Placement(LegendPosition position, LegendLayout layout) {
        static final Placement RIGHT = new Placement(LegendPosition.OutsideE, LegendLayout.Vertical);
        static final Placement BELOW = new Placement(LegendPosition.OutsideS, LegendLayout.Horizontal);
        static final Placement BELOW_COLUMN = new Placement(LegendPosition.OutsideS, LegendLayout.Vertical);
    }

    /** Corners in order of preference. */
    private static final LegendPosition[] CORNERS = {
        LegendPosition.InsideNE, LegendPosition.InsideNW, LegendPosition.InsideSE, LegendPosition.InsideSW,
    };
    private static final double MARGIN_PX = 10; // XChart's legend margin plus some air

    private LegendSpot() {
    }

    /**
     * @param labels     the legend's entries
     * @param contentSize the share of the plot XChart gives the data range (its plot content size)
     */
    static Placement choose(Figure f, PlotFrame frame, List<Drawn> drawn, List<String> labels, Font font,
            double scale, int lineLength, int padding, double contentSize, boolean contour) {
        FontRenderContext frc = new FontRenderContext(null, true, false);
        double textWidth = 0;
        double rowWidth = padding + MARGIN_PX;
        for (String label : labels) {
            double w = font.getStringBounds(label, frc).getWidth();
            textWidth = Math.max(textWidth, w);
            rowWidth += w + 2 * padding + lineLength;
        }
        double entryHeight = Math.max(font.getSize2D() * 1.05, 14 * scale);
        double boxW = lineLength + 3 * padding + textWidth + MARGIN_PX;
        double boxH = labels.size() * (entryHeight + padding) + padding + MARGIN_PX;
        double rowH = entryHeight + 2 * padding + MARGIN_PX;
        double plotW = f.width() - 90 * scale;
        double plotH = f.height() - 95 * scale;
        if (!(plotW > 0 && plotH > 0)) {
            return Placement.RIGHT;
        }
        boolean rowFits = rowWidth <= f.width() - 30 * scale;
        if (contour) {
            if ((plotW - boxW) / plotH >= 0.8) {
                return Placement.RIGHT;
            }
            if (rowFits && plotW / (plotH - rowH) <= 1.25) {
                return Placement.BELOW;
            }
        }
        double bw = boxW / plotW;
        double bh = boxH / plotH;
        Placement inside = bw < 0.6 && bh < 0.6 ? emptyCorner(frame, drawn, contentSize, bw, bh, plotW, plotH) : null;
        if (inside != null) {
            return inside;
        }
        if (!contour && rowFits) {
            return Placement.BELOW;
        }
        if (!contour && boxH <= 0.25 * f.height()) {
            return Placement.BELOW_COLUMN;
        }
        return Placement.RIGHT;
    }

    /** The first corner whose legend box no drawn segment or point touches, or null. */
    private static Placement emptyCorner(PlotFrame frame, List<Drawn> drawn, double contentSize, double bw, double bh,
            double plotW, double plotH) {
        double markPad = 5 / Math.min(plotW, plotH); // a marker's radius, as a share of the plot
        for (LegendPosition corner : CORNERS) {
            boolean east = corner == LegendPosition.InsideNE || corner == LegendPosition.InsideSE;
            boolean north = corner == LegendPosition.InsideNE || corner == LegendPosition.InsideNW;
            double u0 = east ? 1 - bw - markPad : 0;
            double u1 = east ? 1 : bw + markPad;
            double v0 = north ? 1 - bh - markPad : 0;
            double v1 = north ? 1 : bh + markPad;
            if (hits(frame, drawn, contentSize, u0, u1, v0, v1) == 0) {
                return new Placement(corner, LegendLayout.Vertical);
            }
        }
        return null;
    }

    /** Segments (or, for point series, points) of {@code drawn} that touch the box, in plot units. */
    private static long hits(PlotFrame frame, List<Drawn> drawn, double contentSize, double u0, double u1, double v0,
            double v1) {
        double margin = (1 - contentSize) / 2;
        long hits = 0;
        for (Drawn d : drawn) {
            double pu = Double.NaN;
            double pv = Double.NaN;
            for (int i = 0; i < d.x().length; i++) {
                if (Double.isNaN(d.y()[i])) {
                    pu = Double.NaN;
                    continue;
                }
                double u = margin + contentSize * PlotFrame.scale(PlotFrame.axis(d.x()[i], frame.logX()), frame.x0(), frame.x1());
                double v = margin + contentSize * PlotFrame.scale(PlotFrame.axis(d.y()[i], frame.logY()), frame.y0(), frame.y1());
                boolean touches = d.points() || Double.isNaN(pu)
                        ? u >= u0 && u <= u1 && v >= v0 && v <= v1
                        : segmentTouches(pu, pv, u, v, u0, u1, v0, v1);
                if (touches) {
                    hits++;
                }
                pu = u;
                pv = v;
            }
        }
        return hits;
    }

    /** Does the segment (a → b) meet the box? */
    private static boolean segmentTouches(double ax, double ay, double bx, double by, double u0, double u1, double v0,
            double v1) {
        return PlotFrame.clip(ax, ay, bx - ax, by - ay, u0, u1, v0, v1, new double[2]);
    }
}
