package dev.descent.report.demo;

import dev.descent.report.figure.ContourField;
import dev.descent.report.figure.Contours;
import dev.descent.report.figure.Figure;
import dev.descent.report.figure.Marker;
import dev.descent.report.figure.Series;
import java.util.ArrayList;
import java.util.List;

/** Paths over a landscape's contours, and loss curves of the same runs. */
final class LandscapeFigures {

    private LandscapeFigures() {
    }

    /** At most this many points of a path are drawn (every k-th iterate and the last). */
    static final int MAX_POINTS = 800;

    /** Paths this short show a marker at every iterate; longer ones are plain lines. */
    static final int MARKED_POINTS = 120;

    /** Loss curves keep about this many log-spaced iterates (their x axis is logarithmic). */
    static final int CURVE_POINTS = 400;

    static ContourField field(Landscape l, int grid) {
        double[] w = l.window();
        return Contours.sample(l::value, w[0], w[1], w[2], w[3], grid, grid, 14);
    }

    static Figure paths(String id, String title, Landscape l, ContourField field, List<PathRun> runs) {
        List<Series> series = new ArrayList<>();
        for (PathRun r : runs) {
            int n = finitePrefix(r.x(), r.y());
            double[] x = java.util.Arrays.copyOf(r.x(), n);
            double[] y = java.util.Arrays.copyOf(r.y(), n);
            series.add(Series.of(label(r), pick(x, linear(n, MAX_POINTS)), pick(y, linear(n, MAX_POINTS)),
                    n <= MARKED_POINTS ? Series.Style.LINE_POINTS : Series.Style.LINE));
        }
        return Figure.contour(id, title, field, series, markers(l));
    }

    static List<Marker> markers(Landscape l) {
        List<Marker> m = new ArrayList<>();
        m.add(new Marker("start", l.start()[0], l.start()[1]));
        for (int i = 0; i < l.optima().length; i++) {
            m.add(new Marker(l.optima().length == 1 ? "x*" : "x*" + (i + 1), l.optima()[i][0], l.optima()[i][1]));
        }
        return m;
    }

    /** J − J* (log) against the step, or J itself (linear) where there is no minimum. */
    static Figure losses(String id, String title, Landscape l, List<PathRun> runs) {
        List<Series> series = new ArrayList<>();
        boolean gap = l.hasOptimum();
        for (PathRun r : runs) {
            double[] v = r.values();
            int[] keep = gap ? logSpaced(v.length, CURVE_POINTS) : linear(v.length, CURVE_POINTS);
            double[] x = new double[keep.length];
            double[] y = new double[keep.length];
            for (int i = 0; i < keep.length; i++) {
                int k = keep[i];
                x[i] = k;
                // without a minimum, J after θ left the window says nothing (L-BFGS's line search jumps far)
                boolean inside = inWindow(l, r.x()[k], r.y()[k]);
                y[i] = gap ? v[k] - l.minimum() : inside ? v[k] : Double.NaN;
            }
            series.add(Series.of(label(r), x, y, Series.Style.LINE));
        }
        return Figure.lines(id, title, "step k", gap ? "J(θₖ) − J*" : "J(θₖ)",
                gap ? Figure.Scale.LOG : Figure.Scale.LINEAR, gap ? Figure.Scale.LOG : Figure.Scale.LINEAR, series);
    }

    /** Indices 0 … n−1, about {@code max} of them spaced evenly on a log scale of k, all of the first ones, and n − 1. */
    static int[] logSpaced(int n, int max) {
        if (n <= max) {
            return linear(n, n);
        }
        java.util.TreeSet<Integer> k = new java.util.TreeSet<>();
        k.add(0);
        double ratio = Math.pow(n - 1, 1.0 / (max - 1));
        for (int i = 0; i < max; i++) {
            k.add((int) Math.min(n - 1, Math.round(Math.pow(ratio, i))));
        }
        k.add(n - 1);
        return k.stream().mapToInt(Integer::intValue).toArray();
    }

    /** a at the given indices. */
    static double[] pick(double[] a, int[] at) {
        double[] out = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = a[at[i]];
        }
        return out;
    }

    /** Every k-th index of 0 … n−1 and the last, at most about {@code max}. */
    static int[] linear(int n, int max) {
        int stride = Math.max(1, (n + max - 1) / max);
        java.util.TreeSet<Integer> k = new java.util.TreeSet<>();
        for (int i = 0; i < n; i += stride) {
            k.add(i);
        }
        if (n > 0) {
            k.add(n - 1);
        }
        return k.stream().mapToInt(Integer::intValue).toArray();
    }

    static boolean inWindow(Landscape l, double x, double y) {
        double[] w = l.window();
        return x >= w[0] && x <= w[1] && y >= w[2] && y <= w[3];
    }

    static String label(PathRun r) {
        return r.diverged() ? r.spec() + " (diverged)" : r.spec();
    }

    /** The length of the leading run of finite points. */
    static int finitePrefix(double[] x, double[] y) {
        int n = 0;
        while (n < x.length && Double.isFinite(x[n]) && Double.isFinite(y[n])) {
            n++;
        }
        return n;
    }
}
