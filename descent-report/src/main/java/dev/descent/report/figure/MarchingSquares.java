package dev.descent.report.figure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The outline of a superlevel set {@code {z ≥ t}} of a {@link ContourField}, traced by marching
 * squares on the grid with linear interpolation along cell edges.
 *
 * <p>The grid is padded with one ring of virtual nodes below every level, so every outline is a
 * closed ring: where the set touches the border of the grid, its ring runs along that border
 * (through the border nodes themselves). Segments are oriented with the set on their left, so in
 * data coordinates (y up) outer rings run counter-clockwise and holes clockwise: a single path of
 * all rings, filled with the non-zero rule, is exactly the set. NaN and +∞ count as above every
 * level (the contract of {@link ContourField}); a crossing next to a non-finite value sits at the
 * middle of its edge, since there is nothing to interpolate. Ambiguous (saddle) cells are resolved
 * by the mean of their four corners.
 *
 * <p>Cost: one pass over the (nx + 1)·(ny + 1) padded cells and an int array of 2·(nx + 2)·(ny + 2)
 * edge links per level; no recursion.
 */
final class MarchingSquares {

    /**
     * One closed ring; the last point is not repeated. {@code border[k]} says point k lies on a
     * padded edge, i.e. on the border of the grid, where the ring follows the border rather than
     * an iso-line.
     */
    record Ring(double[] x, double[] y, boolean[] border) {
        int size() {
            return x.length;
        }

        /** Signed area by the shoelace formula: positive for counter-clockwise rings (y up). */
        double signedArea() {
            double s = 0;
            for (int k = 0, n = x.length; k < n; k++) {
                int m = (k + 1) % n;
                s += x[k] * y[m] - x[m] * y[k];
            }
            return s / 2;
        }
    }

    private final ContourField field;
    private final int nodesX; // padded: nx + 2
    private final int nodesY; // padded: ny + 2

    MarchingSquares(ContourField field) {
        this.field = field;
        this.nodesX = field.xs().length + 2;
        this.nodesY = field.ys().length + 2;
    }

    /** The rings bounding {@code {z ≥ t}}, in a deterministic order (by first edge index). */
    List<Ring> rings(double t) {
        int[] next = new int[2 * nodesX * nodesY];
        Arrays.fill(next, -1);
        boolean[] corner = new boolean[4];
        int[] exits = new int[2];
        int[] entries = new int[2];
        for (int cj = 0; cj < nodesY - 1; cj++) {
            for (int ci = 0; ci < nodesX - 1; ci++) {
                corner[0] = above(ci, cj, t);
                corner[1] = above(ci + 1, cj, t);
                corner[2] = above(ci + 1, cj + 1, t);
                corner[3] = above(ci, cj + 1, t);
                int nExit = 0;
                int nEntry = 0;
                for (int k = 0; k < 4; k++) {
                    boolean from = corner[k];
                    boolean to = corner[(k + 1) & 3];
                    if (from && !to) {
                        exits[nExit++] = k;
                    } else if (!from && to) {
                        entries[nEntry++] = k;
                    }
                }
                if (nExit == 1) {
                    next[edge(ci, cj, exits[0])] = edge(ci, cj, entries[0]);
                } else if (nExit == 2) {
                    // Saddle: corners alternate, so walking counter-clockwise exit and entry
                    // alternate too. A centre above joins each exit to the next entry (the two
                    // above corners are connected); a centre below to the one after (they are not).
                    boolean centreAbove = centreAbove(ci, cj, t);
                    for (int e = 0; e < 2; e++) {
                        int k = exits[e];
                        int entry = centreAbove ? (k + 1) & 3 : (k + 3) & 3;
                        next[edge(ci, cj, k)] = edge(ci, cj, entry);
                    }
                }
            }
        }
        List<Ring> rings = new ArrayList<>();
        double[] xs = new double[16];
        double[] ys = new double[16];
        boolean[] border = new boolean[16];
        for (int start = 0; start < next.length; start++) {
            if (next[start] < 0) {
                continue;
            }
            int n = 0;
            int id = start;
            while (next[id] >= 0) {
                if (n + 1 > xs.length) {
                    xs = Arrays.copyOf(xs, 2 * n);
                    ys = Arrays.copyOf(ys, 2 * n);
                    border = Arrays.copyOf(border, 2 * n);
                }
                crossing(id, t, xs, ys, n);
                border[n] = onPaddedEdge(id);
                n++;
                int following = next[id];
                next[id] = -1;
                id = following;
            }
            rings.add(new Ring(Arrays.copyOf(xs, n), Arrays.copyOf(ys, n), Arrays.copyOf(border, n)));
        }
        return rings;
    }

    /** Node (pi, pj) of the padded grid is above t; padding is below everything. */
    private boolean above(int pi, int pj, double t) {
        if (pi == 0 || pj == 0 || pi == nodesX - 1 || pj == nodesY - 1) {
            return false;
        }
        double v = field.z()[pj - 1][pi - 1];
        return !(v < t); // NaN counts as above
    }

    private boolean centreAbove(int ci, int cj, double t) {
        double[][] z = field.z();
        double mean = (z[cj - 1][ci - 1] + z[cj - 1][ci] + z[cj][ci] + z[cj][ci - 1]) / 4;
        return !(mean < t);
    }

    /**
     * The id of side k of cell (ci, cj): 0 bottom, 1 right, 2 top, 3 left. A horizontal edge from
     * node (i, j) to (i + 1, j) has id 2·(j·nodesX + i); a vertical one from (i, j) to (i, j + 1)
     * has that plus one. Neighbouring cells name their shared side alike.
     */
    private int edge(int ci, int cj, int side) {
        return switch (side) {
            case 0 -> 2 * (cj * nodesX + ci);
            case 1 -> 2 * (cj * nodesX + ci + 1) + 1;
            case 2 -> 2 * ((cj + 1) * nodesX + ci);
            default -> 2 * (cj * nodesX + ci) + 1;
        };
    }

    private boolean onPaddedEdge(int id) {
        int node = id >> 1;
        int i = node % nodesX;
        int j = node / nodesX;
        int i2 = (id & 1) == 0 ? i + 1 : i;
        int j2 = (id & 1) == 0 ? j : j + 1;
        return i == 0 || j == 0 || i2 == nodesX - 1 || j2 == nodesY - 1;
    }

    /** Writes the crossing of level t on edge id into (xs[n], ys[n]). */
    private void crossing(int id, double t, double[] xs, double[] ys, int n) {
        int node = id >> 1;
        int ia = node % nodesX;
        int ja = node / nodesX;
        int ib = (id & 1) == 0 ? ia + 1 : ia;
        int jb = (id & 1) == 0 ? ja : ja + 1;
        boolean aReal = real(ia, ja);
        boolean bReal = real(ib, jb);
        if (!aReal || !bReal) { // a border edge: the crossing is the real node itself
            int ir = aReal ? ia : ib;
            int jr = aReal ? ja : jb;
            xs[n] = field.xs()[ir - 1];
            ys[n] = field.ys()[jr - 1];
            return;
        }
        double xa = field.xs()[ia - 1];
        double ya = field.ys()[ja - 1];
        double xb = field.xs()[ib - 1];
        double yb = field.ys()[jb - 1];
        double za = field.z()[ja - 1][ia - 1];
        double zb = field.z()[jb - 1][ib - 1];
        double s = Double.isFinite(za) && Double.isFinite(zb) ? (t - za) / (zb - za) : 0.5;
        xs[n] = xa + s * (xb - xa);
        ys[n] = ya + s * (yb - ya);
    }

    private boolean real(int pi, int pj) {
        return pi > 0 && pj > 0 && pi < nodesX - 1 && pj < nodesY - 1;
    }
}
