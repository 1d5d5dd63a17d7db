package dev.descent.problem;

import java.util.Arrays;

/**
 * Himmelblau's function: four global minima of equal value, one local maximum and four saddles.
 *
 * <pre>
 *   f(x, y) = (x² + y − 11)² + (x + y² − 7)²
 *   ∂f/∂x = 4x(x² + y − 11) + 2(x + y² − 7)
 *   ∂f/∂y = 2(x² + y − 11) + 4y(x + y² − 7)
 *   f = 0 at (3, 2), (−2.805118086952745, 3.131312518250573),
 *            (−3.779310253377747, −3.2831859912861696), (3.5844283403304917, −1.8481265269644036)
 *   domain [−5, 5]²
 * </pre>
 *
 * <p>The three irrational minimizers are the roots of ∇f = 0 computed by Newton's method in
 * 50-digit arithmetic (mpmath {@code findroot}) and rounded to the nearest double; the test
 * {@code HimmelblauTest} re-derives them with Newton's method in double precision and finds
 * ‖∇f‖ at the rounding level there. {@link #argmin()} is (3, 2), {@link #argmins()} lists all four.
 * {@link #standard()} starts at the origin, from which a descent method reaches (3, 2).
 *
 * <h2>References</h2>
 * D. M. Himmelblau, <i>Applied Nonlinear Programming</i>, McGraw-Hill 1972.
 *
 * @param start the starting point, length 2 (copied)
 * @see Rastrigin
 * @see Ackley
 */
public record Himmelblau(double[] start) implements TestProblem {

    /** The usual half-width of the domain. */
    public static final double DOMAIN = 5;

    private static final double[][] MINIMA = {
        {3.0, 2.0},
        {-2.805118086952745, 3.131312518250573},
        {-3.779310253377747, -3.2831859912861696},
        {3.5844283403304917, -1.8481265269644036},
    };

    public Himmelblau {
        if (start == null || start.length != 2) {
            throw new IllegalArgumentException("start has length " + (start == null ? "null" : start.length)
                    + ", expected 2");
        }
        start = start.clone();
    }

    /** Start (0, 0). */
    public static Himmelblau standard() {
        return new Himmelblau(new double[] {0, 0});
    }

    /** The usual domain [−5, 5]². */
    public Bounds domain() {
        return Bounds.cube(2, -DOMAIN, DOMAIN);
    }

    @Override
    public String name() {
        return "himmelblau";
    }

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public double valueAndGradient(double[] p, double[] grad) {
        double x = p[0];
        double y = p[1];
        double u = x * x + y - 11;
        double v = x + y * y - 7;
        grad[0] = 4 * x * u + 2 * v;
        grad[1] = 2 * u + 4 * y * v;
        return u * u + v * v;
    }

    @Override
    public double value(double[] p) {
        double u = p[0] * p[0] + p[1] - 11;
        double v = p[0] + p[1] * p[1] - 7;
        return u * u + v * v;
    }

    @Override
    public double[] start() {
        return start.clone();
    }

    /** (3, 2). */
    @Override
    public double[] argmin() {
        return MINIMA[0].clone();
    }

    /** The four global minimizers, in the order of the class comment. */
    @Override
    public double[][] argmins() {
        double[][] copy = new double[MINIMA.length][];
        for (int i = 0; i < MINIMA.length; i++) {
            copy[i] = MINIMA[i].clone();
        }
        return copy;
    }

    @Override
    public double minimum() {
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Himmelblau h && Arrays.equals(start, h.start);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(start);
    }

    @Override
    public String toString() {
        return "Himmelblau[start=" + Arrays.toString(start) + "]";
    }
}
