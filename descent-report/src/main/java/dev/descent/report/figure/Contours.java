package dev.descent.report.figure;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * Contour fields: sampling a function of two variables, choosing its band edges, and the
 * geometry of the bands and iso-lines that {@link FigureRenderer} hands to XChart.
 *
 * <h2>Levels</h2>
 * Test functions of optimization have very different value distributions, and one rule does not
 * fit them all:
 * <ul>
 *   <li><b>Heavy upper tail</b> (Rosenbrock: 0 to ~3600 on [−2, 2] × [−1, 3], half of the square
 *       below ~60; Beale: up to ~10⁵): equally spaced or equal-area levels spend every band on the
 *       walls and leave the valley floor, where the paths are, in one colour. Levels are then
 *       <em>log-spaced in f − min f</em>, from the 0.2 % quantile of f − min f (so the lowest band
 *       is a visible patch around the minimum, not one grid node) to the 99.8 % quantile (so the
 *       top band is not empty). This is the usual choice for Rosenbrock plots.</li>
 *   <li><b>Otherwise</b> (quadratics, however ill-conditioned; the saddle x² − y², whose values
 *       are negative; Himmelblau; Rastrigin): levels at <em>quantiles</em> of the finite sampled
 *       values, k/(L + 1) for k = 1..L, so every band covers the same area of the plot. Quantiles
 *       do not care about sign or scale, show every basin, and never leave a band empty.</li>
 * </ul>
 * The tail test is {@code median − min < 0.1·(max − min)} on the finite samples. Either way the
 * levels are deduplicated, strictly increasing and above the minimum (so the band of the minimum,
 * band 0, is never empty); a constant field has no levels.
 *
 * <h2>Bands</h2>
 * Band k holds values in [levels[k−1], levels[k]); band 0 is below levels[0], the top band (index
 * levels.length) at or above the last level, and NaN or +∞ are in the top band. The region
 * {@code {z ≥ levels[k]}} is the union of bands k + 1 and up; filling those regions one over the
 * other, lowest level first, paints every band with no seam between neighbours (each region lies
 * inside the previous one), which is how the renderer draws filled contours.
 */
public final class Contours {

    /** Below this ratio of (median − min) to (max − min) the levels are log-spaced. */
    private static final double HEAVY_TAIL = 0.1;
    private static final double LOW_QUANTILE = 0.002;
    private static final double HIGH_QUANTILE = 0.998;

    private Contours() {
    }

    /**
     * Samples {@code f} on an {@code nx × ny} grid spanning [xMin, xMax] × [yMin, yMax] (both ends
     * included) and chooses {@code levelCount} band edges (see the class comment; fewer if the
     * field has fewer distinct values).
     *
     * @throws IllegalArgumentException if a range is empty or not finite, nx or ny is below 2, or
     *                                  levelCount is below 1
     */
    public static ContourField sample(DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax,
            int nx, int ny, int levelCount) {
        if (!(Double.isFinite(xMin) && Double.isFinite(xMax) && xMax > xMin)) {
            throw new IllegalArgumentException("x range [" + xMin + ", " + xMax + "] must be finite and non-empty");
        }
        if (!(Double.isFinite(yMin) && Double.isFinite(yMax) && yMax > yMin)) {
            throw new IllegalArgumentException("y range [" + yMin + ", " + yMax + "] must be finite and non-empty");
        }
        if (nx < 2 || ny < 2) {
            throw new IllegalArgumentException("grid = " + nx + "×" + ny + " must be at least 2×2");
        }
        if (levelCount < 1) {
            throw new IllegalArgumentException("levelCount = " + levelCount + " must be at least 1");
        }
        double[] xs = grid(xMin, xMax, nx);
        double[] ys = grid(yMin, yMax, ny);
        double[][] z = new double[ny][nx];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                z[j][i] = f.applyAsDouble(xs[i], ys[j]);
            }
        }
        return new ContourField(xs, ys, z, levels(z, levelCount));
    }

    /**
     * Up to {@code levelCount} strictly increasing band edges for the values {@code z} (see the
     * class comment). Non-finite values are ignored; if none are finite, or all are equal, there
     * are no levels. {@code z} is not modified.
     */
    public static double[] levels(double[][] z, int levelCount) {
        if (levelCount < 1) {
            throw new IllegalArgumentException("levelCount = " + levelCount + " must be at least 1");
        }
        int count = 0;
        for (double[] row : z) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    count++;
                }
            }
        }
        double[] v = new double[count];
        int n = 0;
        for (double[] row : z) {
            for (double value : row) {
                if (Double.isFinite(value)) {
                    v[n++] = value;
                }
            }
        }
        if (n == 0) {
            return new double[0];
        }
        Arrays.sort(v);
        double min = v[0];
        double max = v[n - 1];
        double[] raw = new double[levelCount];
        if (quantile(v, 0.5) - min < HEAVY_TAIL * (max - min)) {
            double lo = Math.max(quantile(v, LOW_QUANTILE) - min, smallestAbove(v, min) - min);
            double hi = Math.max(quantile(v, HIGH_QUANTILE) - min, lo);
            for (int k = 0; k < levelCount; k++) {
                double s = levelCount == 1 ? 0 : (double) k / (levelCount - 1);
                raw[k] = min + lo * Math.pow(hi / lo, s);
            }
        } else {
            for (int k = 0; k < levelCount; k++) {
                raw[k] = quantile(v, (k + 1.0) / (levelCount + 1.0));
            }
        }
        double[] out = new double[levelCount];
        int m = 0;
        for (double level : raw) {
            if (Double.isFinite(level) && level > min && (m == 0 || level > out[m - 1])) {
                out[m++] = level;
            }
        }
        return Arrays.copyOf(out, m);
    }

    /** The band of value v: the number of levels ≤ v, so 0 to levels.length; NaN is in the top band. */
    public static int band(double[] levels, double v) {
        if (Double.isNaN(v)) {
            return levels.length;
        }
        int k = Arrays.binarySearch(levels, v);
        return k >= 0 ? k + 1 : -k - 1;
    }

    /**
     * The region {@code {z ≥ level}} as one closed outline {x[], y[]} for a polygon fill with the
     * non-zero rule (XChart's {@code PolygonArea}, which joins points in order and closes back
     * to the first). The outline is every ring of the region (outer rings counter-clockwise, holes
     * clockwise), joined by bridges from the first ring's start to each other ring's start and
     * back: each bridge is traversed once each way, so it adds no area and no visible seam. Points
     * in a straight run along the grid border are merged. Empty arrays if the region is empty.
     */
    public static double[][] filledRegion(ContourField c, double level) {
        List<MarchingSquares.Ring> rings = new MarchingSquares(c).rings(level);
        int total = 0;
        for (MarchingSquares.Ring r : rings) {
            total += r.size() + 2;
        }
        double[] x = new double[total];
        double[] y = new double[total];
        int n = 0;
        double x0 = 0;
        double y0 = 0;
        for (int r = 0; r < rings.size(); r++) {
            MarchingSquares.Ring ring = rings.get(r);
            int start = n;
            n = appendSimplified(ring, x, y, n);
            x[n] = x[start]; // close the ring on its own first point
            y[n] = y[start];
            n++;
            if (r == 0) {
                x0 = x[start];
                y0 = y[start];
            } else { // bridge back to the first ring's start
                x[n] = x0;
                y[n] = y0;
                n++;
            }
        }
        return new double[][] {Arrays.copyOf(x, n), Arrays.copyOf(y, n)};
    }

    /**
     * The iso-line {@code z = level} inside the grid as polylines {x[], y[]}, separated by NaN (a
     * break for XChart's line series). The parts of region outlines that follow the grid border
     * are left out; a closed iso-line repeats its first point.
     */
    public static double[][] isoLines(ContourField c, double level) {
        List<MarchingSquares.Ring> rings = new MarchingSquares(c).rings(level);
        int total = 0;
        for (MarchingSquares.Ring r : rings) {
            total += 2 * r.size() + 2;
        }
        double[] x = new double[total];
        double[] y = new double[total];
        int n = 0;
        for (MarchingSquares.Ring ring : rings) {
            int size = ring.size();
            int first = -1;
            for (int k = 0; k < size; k++) {
                if (ring.border()[k]) {
                    first = k;
                    break;
                }
            }
            if (first < 0) { // a closed line
                for (int k = 0; k <= size; k++) {
                    x[n] = ring.x()[k % size];
                    y[n] = ring.y()[k % size];
                    n++;
                }
                x[n] = Double.NaN;
                y[n] = Double.NaN;
                n++;
                continue;
            }
            // Start on a border point; emit each run of interior points of two or more.
            int runStart = n;
            for (int step = 1; step <= size; step++) {
                int k = (first + step) % size;
                if (ring.border()[k]) {
                    if (n - runStart >= 2) {
                        x[n] = Double.NaN;
                        y[n] = Double.NaN;
                        n++;
                    } else {
                        n = runStart;
                    }
                    runStart = n;
                } else {
                    x[n] = ring.x()[k];
                    y[n] = ring.y()[k];
                    n++;
                }
            }
            n = runStart;
        }
        return new double[][] {Arrays.copyOf(x, n), Arrays.copyOf(y, n)};
    }

    /**
     * Appends the ring's points, skipping repeats and the middle points of straight axis-parallel
     * runs (the grid border, which the ring follows node by node).
     */
    private static int appendSimplified(MarchingSquares.Ring ring, double[] x, double[] y, int n) {
        int start = n;
        for (int k = 0; k < ring.size(); k++) {
            double px = ring.x()[k];
            double py = ring.y()[k];
            if (n > start && x[n - 1] == px && y[n - 1] == py) {
                continue;
            }
            while (n - start >= 2 && between(x[n - 2], y[n - 2], x[n - 1], y[n - 1], px, py)) {
                n--; // the last point is in the middle of a straight run up to this one
            }
            x[n] = px;
            y[n] = py;
            n++;
        }
        return n;
    }

    /** (bx, by) lies on the axis-parallel segment from a to c. */
    private static boolean between(double ax, double ay, double bx, double by, double cx, double cy) {
        if (ax == bx && bx == cx) {
            return Math.min(ay, cy) <= by && by <= Math.max(ay, cy);
        }
        if (ay == by && by == cy) {
            return Math.min(ax, cx) <= bx && bx <= Math.max(ax, cx);
        }
        return false;
    }

    private static double[] grid(double lo, double hi, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = i == n - 1 ? hi : lo + (hi - lo) * i / (n - 1);
        }
        return g;
    }

    /** Linear-interpolated quantile of sorted values. */
    private static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double frac = pos - i;
        return sorted[i] + frac * (sorted[i + 1] - sorted[i]);
    }

    private static double smallestAbove(double[] sorted, double min) {
        for (double v : sorted) {
            if (v > min) {
                return v;
            }
        }
        return min;
    }
}
