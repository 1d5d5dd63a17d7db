package dev.descent.report.figure;

import java.util.Arrays;
import java.util.List;

/**
 * The data range of a plot and an estimate of its size in pixels: what the renderer needs before
 * XChart lays the chart out, to drop what an axis cannot show, to thin series to what the pixels
 * can resolve, and to find an empty corner for the legend.
 *
 * <p>Coordinates are "axis units": the value itself on a linear axis, log₁₀ of it on a log axis.
 * The pixel size is the figure's, an over-estimate of the plot area, so thinning errs on the side
 * of keeping points.
 *
 * @param x0 the axis-unit range of x, x0 ≤ x1
 * @param y0 the axis-unit range of y, y0 ≤ y1
 */
record PlotFrame(boolean logX, boolean logY, double x0, double x1, double y0, double y1, double widthPx,
        double heightPx) {

    /** {@link #drawable(double[], double[], boolean, boolean)} on this frame's axes. */
    double[][] drawable(double[] x, double[] y) {
        return drawable(x, y, logX, logY);
    }

    /** A frame with a fixed data range (a contour grid's). */
    static PlotFrame fixed(Figure f, double xMin, double xMax, double yMin, double yMax) {
        boolean logX = f.xScale() == Figure.Scale.LOG;
        boolean logY = f.yScale() == Figure.Scale.LOG;
        return new PlotFrame(logX, logY, axis(xMin, logX), axis(xMax, logX), axis(yMin, logY), axis(yMax, logY),
                f.width(), f.height());
    }

    /**
     * The frame XChart's automatic range would give {@code series} (already {@link #drawable}):
     * their minimum to their maximum. A frame of nothing is [0, 1] on each axis.
     */
    static PlotFrame auto(Figure f, List<double[][]> series) {
        boolean logX = f.xScale() == Figure.Scale.LOG;
        boolean logY = f.yScale() == Figure.Scale.LOG;
        double[] xr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] yr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double[][] xy : series) {
            for (int i = 0; i < xy[0].length; i++) {
                if (!Double.isNaN(xy[1][i])) {
                    widen(xr, axis(xy[0][i], logX));
                    widen(yr, axis(xy[1][i], logY));
                }
            }
        }
        if (xr[0] > xr[1]) {
            xr = new double[] {0, 1};
            yr = new double[] {0, 1};
        }
        return new PlotFrame(logX, logY, xr[0], xr[1], yr[0], yr[1], f.width(), f.height());
    }

    /** log₁₀ on a log axis, the value itself on a linear one. */
    static double axis(double v, boolean log) {
        return log ? Math.log10(v) : v;
    }

    /**
     * The points of (x, y) these axes can show: both coordinates finite, and positive on a log
     * axis. Every other point becomes NaN in both coordinates (a break in the line; NaN is
     * ignored by XChart's range). Null if no point is left. The inputs are not modified.
     */
    static double[][] drawable(double[] x, double[] y, boolean logX, boolean logY) {
        double[] dx = Arrays.copyOf(x, x.length);
        double[] dy = Arrays.copyOf(y, y.length);
        int kept = 0;
        for (int i = 0; i < dx.length; i++) {
            if (shows(dx[i], logX) && shows(dy[i], logY)) {
                kept++;
            } else {
                dx[i] = Double.NaN;
                dy[i] = Double.NaN;
            }
        }
        return kept == 0 ? null : new double[][] {dx, dy};
    }

    private static boolean shows(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    /** Position in pixels (x right, y up) of a data point, from the frame's lower left corner. */
    double px(double x) {
        return scale(axis(x, logX), x0, x1) * widthPx;
    }

    double py(double y) {
        return scale(axis(y, logY), y0, y1) * heightPx;
    }

    /** The axis-unit value's position in [0, 1] across the range (0.5 for an empty range). */
    static double scale(double v, double lo, double hi) {
        return hi > lo ? (v - lo) / (hi - lo) : 0.5;
    }

    /**
     * Thins a drawable series (NaN = break) to points at least {@code tolerancePx} apart: the first
     * and last point of every run are kept, a point is kept if it is that far from the last kept
     * one. A line through the kept points is within the tolerance of the full one, so at half a
     * pixel the thinning is invisible, yet a path of 5000 converged iterates costs a few hundred
     * segments. Returns {x[], y[]}; the input is not modified.
     */
    double[][] thin(double[][] xy, double tolerancePx) {
        double[] x = xy[0];
        double[] y = xy[1];
        double[] ox = new double[x.length];
        double[] oy = new double[y.length];
        int n = 0;
        double lastX = 0;
        double lastY = 0;
        boolean inRun = false;
        double tol2 = tolerancePx * tolerancePx;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(y[i])) {
                if (inRun && n > 0 && !Double.isNaN(oy[n - 1])) {
                    ox[n] = Double.NaN;
                    oy[n] = Double.NaN;
                    n++;
                }
                inRun = false;
                continue;
            }
            double px = px(x[i]);
            double py = py(y[i]);
            boolean runEnd = i + 1 == x.length || Double.isNaN(y[i + 1]);
            double dx = px - lastX;
            double dy = py - lastY;
            if (!inRun || runEnd || dx * dx + dy * dy >= tol2) {
                ox[n] = x[i];
                oy[n] = y[i];
                n++;
                lastX = px;
                lastY = py;
                inRun = true;
            }
        }
        if (n > 0 && Double.isNaN(oy[n - 1])) {
            n--;
        }
        return new double[][] {Arrays.copyOf(ox, n), Arrays.copyOf(oy, n)};
    }

    /**
     * Splits every segment of a drawable series into pieces of at most {@code maxPx}, straight in
     * screen space (so in log₁₀ units on a log axis). This lets the renderer stroke a series as
     * one XChart "smooth" path: XChart joins consecutive points by a cubic whose control points
     * share the middle abscissa, which strays from the straight segment by at most 0.073 of its
     * length (at 45°; not at all for horizontal or vertical segments) and never leaves the
     * segment's bounding box, so pieces of 3 px stay within a quarter pixel of the polyline.
     * Only the part of a segment near the plot (within one plot size around it) is split; the
     * rest cannot be seen.
     */
    double[][] subdivide(double[][] xy, double maxPx) {
        double[] x = xy[0];
        double[] y = xy[1];
        double[] ox = new double[Math.max(16, 2 * x.length)];
        double[] oy = new double[ox.length];
        int n = 0;
        double[] t = new double[2];
        for (int i = 0; i < x.length; i++) {
            if (i > 0 && !Double.isNaN(y[i - 1]) && !Double.isNaN(y[i])) {
                double ax = axis(x[i - 1], logX);
                double ay = axis(y[i - 1], logY);
                double bx = axis(x[i], logX);
                double by = axis(y[i], logY);
                double pax = px(x[i - 1]);
                double pay = py(y[i - 1]);
                double dx = px(x[i]) - pax;
                double dy = py(y[i]) - pay;
                double len = Math.sqrt(dx * dx + dy * dy);
                if (len > maxPx && nearPlot(pax, pay, dx, dy, t)) {
                    int k = (int) Math.ceil(len * (t[1] - t[0]) / maxPx);
                    int needed = n + k + 3;
                    if (needed > ox.length) {
                        ox = Arrays.copyOf(ox, Math.max(needed, 2 * ox.length));
                        oy = Arrays.copyOf(oy, ox.length);
                    }
                    for (int p = 0; p <= k; p++) {
                        double s = t[0] + (t[1] - t[0]) * p / k;
                        if (s > 0 && s < 1) {
                            ox[n] = data(ax + s * (bx - ax), logX);
                            oy[n] = data(ay + s * (by - ay), logY);
                            n++;
                        }
                    }
                }
            }
            if (n + 1 > ox.length) {
                ox = Arrays.copyOf(ox, 2 * ox.length);
                oy = Arrays.copyOf(oy, ox.length);
            }
            ox[n] = x[i];
            oy[n] = y[i];
            n++;
        }
        return new double[][] {Arrays.copyOf(ox, n), Arrays.copyOf(oy, n)};
    }

    /** The part of the segment p + t·d inside the plot widened by its own size on every side; false if it misses. */
    private boolean nearPlot(double px, double py, double dx, double dy, double[] t) {
        return clip(px, py, dx, dy, -widthPx, 2 * widthPx, -heightPx, 2 * heightPx, t) && t[0] < t[1];
    }

    /**
     * Liang–Barsky: the parameter range [t0, t1] ⊆ [0, 1] of the segment a + t·d inside the box
     * [u0, u1] × [v0, v1], written to {@code t}; false if the segment misses the box.
     */
    static boolean clip(double ax, double ay, double dx, double dy, double u0, double u1, double v0, double v1,
            double[] t) {
        double[] p = {-dx, dx, -dy, dy};
        double[] q = {ax - u0, u1 - ax, ay - v0, v1 - ay};
        double t0 = 0;
        double t1 = 1;
        for (int k = 0; k < 4; k++) {
            if (p[k] == 0) {
                if (q[k] < 0) {
                    return false;
                }
            } else {
                double r = q[k] / p[k];
                if (p[k] < 0) {
                    t0 = Math.max(t0, r);
                } else {
                    t1 = Math.min(t1, r);
                }
            }
        }
        t[0] = t0;
        t[1] = t1;
        return t0 <= t1;
    }

    private static double data(double axisUnits, boolean log) {
        return log ? Math.pow(10, axisUnits) : axisUnits;
    }

    private static void widen(double[] range, double v) {
        range[0] = Math.min(range[0], v);
        range[1] = Math.max(range[1], v);
    }
}
