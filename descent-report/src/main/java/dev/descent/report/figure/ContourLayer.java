package dev.descent.report.figure;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The filled bands and iso-lines of a {@link ContourField}, as polygons ready for XChart: computed
 * once per field and reused for every frame of an animation.
 *
 * <p>{@code fills.get(0)} is the grid rectangle in the color of band 0; {@code fills.get(k)} for
 * k ≥ 1 is the region {@code {z ≥ levels[k − 1]}} in the color of band k. Painted in order, each
 * inside the one before, they show every band without seams (see {@link Contours}).
 * {@code isoLines} holds every level's iso-lines in one NaN-separated polyline.
 */
record ContourLayer(List<Fill> fills, double[][] isoLines) {

    /** One polygon outline {x, y} and its color. */
    record Fill(double[] x, double[] y, Color color) {
    }

    static ContourLayer of(ContourField c) {
        double[] xs = c.xs();
        double[] ys = c.ys();
        double x0 = xs[0];
        double x1 = xs[xs.length - 1];
        double y0 = ys[0];
        double y1 = ys[ys.length - 1];
        int bands = c.levels().length + 1;
        List<Fill> fills = new ArrayList<>(bands);
        fills.add(new Fill(new double[] {x0, x1, x1, x0}, new double[] {y0, y0, y1, y1}, Palette.band(0, bands)));
        List<double[][]> lines = new ArrayList<>();
        int total = 0;
        for (int k = 0; k < c.levels().length; k++) {
            double[][] region = Contours.filledRegion(c, c.levels()[k]);
            if (region[0].length > 0) {
                fills.add(new Fill(region[0], region[1], Palette.band(k + 1, bands)));
            }
            double[][] iso = Contours.isoLines(c, c.levels()[k]);
            lines.add(iso);
            total += iso[0].length;
        }
        double[] lx = new double[total];
        double[] ly = new double[total];
        int n = 0;
        for (double[][] iso : lines) {
            System.arraycopy(iso[0], 0, lx, n, iso[0].length);
            System.arraycopy(iso[1], 0, ly, n, iso[1].length);
            n += iso[0].length;
        }
        return new ContourLayer(List.copyOf(fills), new double[][] {Arrays.copyOf(lx, n), Arrays.copyOf(ly, n)});
    }
}
