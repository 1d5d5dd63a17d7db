package dev.descent.report.figure;

/**
 * A function sampled on a grid, for a filled contour plot: {@code z[j][i] = f(xs[i], ys[j])}.
 * descent samples it and chooses the levels; the renderer fills the bands between consecutive
 * levels (and may draw the iso-lines) and draws the series on top.
 *
 * @param xs     grid abscissae, increasing (owned by this record)
 * @param ys     grid ordinates, increasing (owned by this record)
 * @param z      values, {@code ys.length} rows of {@code xs.length} (owned by this record); may hold
 *               +∞ or NaN where f is undefined (drawn as the top band)
 * @param levels the band edges, increasing (owned by this record); values below the first are in
 *               the lowest band, above the last in the highest
 */
public record ContourField(double[] xs, double[] ys, double[][] z, double[] levels) {

    public ContourField {
        if (xs.length < 2 || ys.length < 2) {
            throw new IllegalArgumentException("a contour grid needs at least 2×2 points, got " + xs.length + "×" + ys.length);
        }
        if (z.length != ys.length) {
            throw new IllegalArgumentException("z has " + z.length + " rows, ys has " + ys.length + " values");
        }
        for (int j = 0; j < z.length; j++) {
            if (z[j].length != xs.length) {
                throw new IllegalArgumentException("z[" + j + "] has " + z[j].length + " values, xs has " + xs.length);
            }
        }
        for (int k = 1; k < levels.length; k++) {
            if (!(levels[k] > levels[k - 1])) {
                throw new IllegalArgumentException("levels must increase: levels[" + (k - 1) + "] = " + levels[k - 1]
                        + ", levels[" + k + "] = " + levels[k]);
            }
        }
    }
}
