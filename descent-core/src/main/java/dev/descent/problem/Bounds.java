package dev.descent.problem;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A box in ℝⁿ, one closed interval per coordinate:
 *
 * <pre>
 *   B = [l₀, u₀] × [l₁, u₁] × … × [l_{n−1}, u_{n−1}],   lᵢ &lt; uᵢ,  lᵢ, uᵢ and wᵢ = uᵢ − lᵢ finite
 * </pre>
 *
 * <p>The search space of the global methods in {@link dev.descent.global}: they sample starting
 * points from it, scale their proposals and velocities by its widths wᵢ, and keep every candidate
 * inside it. The constructor validates eagerly and its messages name the coordinate and the values,
 * e.g. {@code lower[1] = 3.0 is not below upper[1] = 2.0}.
 *
 * <p>Arrays are copied on the way in and out, so a {@code Bounds} is immutable; {@link #equals} and
 * {@link #hashCode} compare the values. Methods that take an array say whether they modify it.
 * Sampling draws only from the generator it is given (descent has no global random state), so a
 * seeded generator gives the same points on every run.
 *
 * <pre>{@code
 * Bounds box = Bounds.cube(5, -5.12, 5.12);
 * double[] x = box.sample(new SplittableRandom(42));   // uniform in the box
 * }</pre>
 *
 * @param lower lᵢ, length n ≥ 1 (copied)
 * @param upper uᵢ, length n (copied)
 */
public record Bounds(double[] lower, double[] upper) {

    public Bounds {
        if (lower == null || upper == null) {
            throw new IllegalArgumentException("lower and upper must not be null");
        }
        if (lower.length != upper.length) {
            throw new IllegalArgumentException("lower has length " + lower.length + " but upper has length "
                    + upper.length);
        }
        if (lower.length == 0) {
            throw new IllegalArgumentException("bounds need at least one coordinate");
        }
        for (int i = 0; i < lower.length; i++) {
            if (!Double.isFinite(lower[i])) {
                throw new IllegalArgumentException("lower[" + i + "] = " + lower[i] + " is not finite");
            }
            if (!Double.isFinite(upper[i])) {
                throw new IllegalArgumentException("upper[" + i + "] = " + upper[i] + " is not finite");
            }
            if (!(lower[i] < upper[i])) {
                throw new IllegalArgumentException("lower[" + i + "] = " + lower[i] + " is not below upper[" + i
                        + "] = " + upper[i]);
            }
            if (!Double.isFinite(upper[i] - lower[i])) {
                throw new IllegalArgumentException("the width of coordinate " + i + ", upper[" + i + "] − lower["
                        + i + "] = " + upper[i] + " − " + lower[i] + ", overflows");
            }
        }
        lower = lower.clone();
        upper = upper.clone();
    }

    /** [lower, upper] in every one of n coordinates. */
    public static Bounds cube(int n, double lower, double upper) {
        if (n < 1) {
            throw new IllegalArgumentException("n = " + n + " must be >= 1");
        }
        double[] lo = new double[n];
        double[] hi = new double[n];
        Arrays.fill(lo, lower);
        Arrays.fill(hi, upper);
        return new Bounds(lo, hi);
    }

    /** n. */
    public int dimension() {
        return lower.length;
    }

    /** lᵢ, a fresh copy of all of them. */
    @Override
    public double[] lower() {
        return lower.clone();
    }

    /** uᵢ, a fresh copy of all of them. */
    @Override
    public double[] upper() {
        return upper.clone();
    }

    /** lᵢ. */
    public double lower(int i) {
        return lower[i];
    }

    /** uᵢ. */
    public double upper(int i) {
        return upper[i];
    }

    /** wᵢ = uᵢ − lᵢ &gt; 0. */
    public double width(int i) {
        return upper[i] - lower[i];
    }

    /** The center ((lᵢ + uᵢ)/2)ᵢ, a fresh array. */
    public double[] center() {
        double[] c = new double[lower.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = lower[i] + 0.5 * (upper[i] - lower[i]);
        }
        return c;
    }

    /**
     * Throws unless an objective or point of dimension {@code n} fits these bounds.
     *
     * @param what names the other side in the message, e.g. {@code "the objective"}
     */
    public void requireDimension(int n, String what) {
        if (n != lower.length) {
            throw new IllegalArgumentException(what + " has dimension " + n + " but the bounds have dimension "
                    + lower.length);
        }
    }

    /**
     * True when lᵢ ≤ xᵢ ≤ uᵢ for every i (a NaN coordinate is outside).
     *
     * @param x not modified, length n
     */
    public boolean contains(double[] x) {
        requireDimension(x.length, "the point");
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= lower[i] && x[i] <= upper[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Projects onto the box, xᵢ ← min(uᵢ, max(lᵢ, xᵢ)). A NaN coordinate becomes the interval's
     * midpoint, so the result is always inside.
     *
     * @param x modified: clipped in place, length n
     * @return {@code x}
     */
    public double[] clip(double[] x) {
        requireDimension(x.length, "the point");
        for (int i = 0; i < x.length; i++) {
            x[i] = clip(i, x[i]);
        }
        return x;
    }

    /** Coordinate i of {@link #clip(double[])}. */
    public double clip(int i, double xi) {
        if (Double.isNaN(xi)) {
            return lower[i] + 0.5 * (upper[i] - lower[i]);
        }
        return Math.min(upper[i], Math.max(lower[i], xi));
    }

    /**
     * Folds each coordinate back into the box by mirror reflection at the faces, as often as
     * needed (a point 0.3·w beyond uᵢ lands 0.3·w below uᵢ; one 1.3·w beyond lands 0.3·w above
     * lᵢ):
     *
     * <pre>
     *   t = (xᵢ − lᵢ) mod 2wᵢ  ∈ [0, 2wᵢ)
     *   xᵢ ← lᵢ + t         if t ≤ wᵢ
     *   xᵢ ← lᵢ + 2wᵢ − t   otherwise
     * </pre>
     *
     * <p>Unlike {@link #clip}, reflection puts no probability mass on the faces and keeps a
     * symmetric proposal symmetric, which Metropolis acceptance needs. An infinite or NaN coordinate
     * becomes the interval's midpoint. The result is clipped once more against rounding.
     *
     * @param x modified: reflected in place, length n
     * @return {@code x}
     */
    public double[] reflect(double[] x) {
        requireDimension(x.length, "the point");
        for (int i = 0; i < x.length; i++) {
            x[i] = reflect(i, x[i]);
        }
        return x;
    }

    /** Coordinate i of {@link #reflect(double[])}. */
    public double reflect(int i, double xi) {
        double lo = lower[i];
        double hi = upper[i];
        if (xi >= lo && xi <= hi) {
            return xi;
        }
        double d = xi - lo;
        if (!Double.isFinite(d)) {
            return lo + 0.5 * (hi - lo);
        }
        double w = hi - lo;
        double t = d % (2 * w); // in (−2w, 2w)
        if (t < 0) {
            t += 2 * w;
        }
        double y = t <= w ? lo + t : lo + (2 * w - t);
        return Math.min(hi, Math.max(lo, y));
    }

    /**
     * A point drawn uniformly from the box: xᵢ = lᵢ + Uᵢ·wᵢ with Uᵢ = {@code rng.nextDouble()} in
     * [0, 1), drawn for i = 0, 1, …, n − 1 in that order.
     *
     * @param rng modified: advanced by n draws
     * @return a fresh array inside the box
     */
    public double[] sample(RandomGenerator rng) {
        double[] x = new double[lower.length];
        sample(rng, x);
        return x;
    }

    /**
     * {@link #sample(RandomGenerator)} into {@code out}.
     *
     * @param rng modified: advanced by n draws
     * @param out modified: receives the point, length n
     */
    public void sample(RandomGenerator rng, double[] out) {
        requireDimension(out.length, "the output array");
        for (int i = 0; i < out.length; i++) {
            out[i] = uniform(i, rng.nextDouble());
        }
    }

    /**
     * A Latin hypercube sample of m points (McKay, Beckman &amp; Conover 1979): each coordinate's
     * interval is cut into m equal strata and every stratum holds exactly one point.
     *
     * <pre>
     *   for each coordinate i:  π = a uniform random permutation of 0 … m−1   (Fisher–Yates)
     *     for each point j:     x_{j,i} = lᵢ + (π(j) + U_{j,i})/m · wᵢ,   U uniform in [0, 1)
     * </pre>
     *
     * <p>The draws are made coordinate by coordinate: the m − 1 swaps of the permutation, then the
     * m offsets U in point order. For m = 1 this is one uniform point.
     *
     * @param m   the number of points, ≥ 1
     * @param rng modified: advanced
     * @return m fresh points, each inside the box
     */
    public double[][] latinHypercube(int m, RandomGenerator rng) {
        if (m < 1) {
            throw new IllegalArgumentException("m = " + m + " must be >= 1");
        }
        int n = lower.length;
        double[][] points = new double[m][n];
        int[] perm = new int[m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                perm[j] = j;
            }
            for (int j = m - 1; j > 0; j--) {
                int k = rng.nextInt(j + 1);
                int tmp = perm[j];
                perm[j] = perm[k];
                perm[k] = tmp;
            }
            for (int j = 0; j < m; j++) {
                points[j][i] = uniform(i, (perm[j] + rng.nextDouble()) / m);
            }
        }
        return points;
    }

    /** lᵢ + u·wᵢ for u in [0, 1], kept inside [lᵢ, uᵢ] against rounding. */
    private double uniform(int i, double u) {
        return Math.min(upper[i], lower[i] + u * (upper[i] - lower[i]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bounds b && Arrays.equals(lower, b.lower) && Arrays.equals(upper, b.upper);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
    }

    /** For example {@code Bounds[[-5.12, 5.12] × [-5.12, 5.12]]}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Bounds[");
        for (int i = 0; i < lower.length; i++) {
            s.append(i == 0 ? "" : " × ").append('[').append(lower[i]).append(", ").append(upper[i]).append(']');
        }
        return s.append(']').toString();
    }
}
