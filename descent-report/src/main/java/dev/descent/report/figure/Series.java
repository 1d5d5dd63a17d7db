package dev.descent.report.figure;

import java.util.Objects;

/**
 * A named sequence of points. A NaN in {@code y} (or {@code x}) breaks the line there; points
 * that a log axis cannot show (≤ 0) are the renderer's to drop, not the caller's.
 *
 * @param name  the legend text (an optimizer spec, "data", "fit")
 * @param x     x values (owned by this record)
 * @param y     y values, same length (owned by this record)
 * @param style how it is drawn
 * @param color a fixed color as 0xRRGGBB, or -1 for the renderer's palette (by series position)
 */
public record Series(String name, double[] x, double[] y, Style style, int color) {

    /** How a series is drawn. */
    public enum Style {
        /** A solid line without markers. */
        LINE,
        /** A dashed line (a reference, a limit, an uncorrected variant). */
        DASHED,
        /** Markers only (data points). */
        POINTS,
        /** A line with a small marker at every point (paths of iterates). */
        LINE_POINTS
    }

    public Series {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(style, "style");
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " values, y has " + y.length);
        }
    }

    /** A series drawn in the palette color of its position. */
    public static Series of(String name, double[] x, double[] y, Style style) {
        return new Series(name, x, y, style, -1);
    }

    /** y against 0, 1, 2, …: a curve over steps. */
    public static Series overSteps(String name, double[] y, Style style) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return of(name, x, y, style);
    }

    /** This series in a fixed color (0xRRGGBB). */
    public Series withColor(int rgb) {
        return new Series(name, x, y, style, rgb);
    }

    /** This series drawn another way. */
    public Series withStyle(Style s) {
        return new Series(name, x, y, s, color);
    }
}
