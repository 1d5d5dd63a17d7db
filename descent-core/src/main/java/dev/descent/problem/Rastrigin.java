package dev.descent.problem;

import dev.descent.util.Checks;
import java.util.Arrays;

/**
 * The Rastrigin function, a bowl covered in ripples: about 11ⁿ local minima inside its usual
 * domain, a single global one at the origin.
 *
 * <pre>
 *   f(x) = A·n + Σᵢ (xᵢ² − A cos 2πxᵢ)  =  Σᵢ (xᵢ² + 2A sin² πxᵢ)
 *   ∂f/∂xᵢ = 2xᵢ + 2πA sin 2πxᵢ
 *   x* = 0, f(x*) = 0;   domain [−5.12, 5.12]ⁿ
 * </pre>
 *
 * <p>f is separable: its local minima sit near the integer lattice, at
 * xᵢ ≈ k(1 − 1/(2π²A)) per coordinate, and the nearest ones to x*, with one coordinate near ±1,
 * have f ≈ 0.995 (A = 10). A gradient method started outside the central cell, roughly
 * |xᵢ| &gt; ½ for some i, stops in one of them: {@link #standard(int)} starts at (3, …, 3), whose
 * cell holds the local minimum near (2.985, …) with f ≈ 8.95·n. The value is computed in the
 * second form, without the cancellation of A·n − A·Σcos near x*.
 *
 * <h2>References</h2>
 * L. A. Rastrigin, <i>Systems of Extremal Control</i>, Nauka 1974 (n = 2); H. Mühlenbein,
 * M. Schomisch, J. Born, "The parallel genetic algorithm as function optimizer", Parallel Computing
 * 17, 1991 (the n-dimensional form); S. Surjanovic, D. Bingham, <i>Virtual Library of Simulation
 * Experiments</i>, www.sfu.ca/~ssurjano/rastr.html.
 *
 * @param a     A &gt; 0, the ripples' amplitude (10 in the usual form)
 * @param start the starting point; its length is n (copied)
 * @see Ackley
 * @see Himmelblau
 */
public record Rastrigin(double a, double[] start) implements TestProblem {

    /** The usual A. */
    public static final double A = 10;

    /** The usual half-width of the domain. */
    public static final double DOMAIN = 5.12;

    public Rastrigin {
        Checks.positiveFinite("a", a);
        if (start == null || start.length == 0) {
            throw new IllegalArgumentException("start must have length n >= 1");
        }
        start = start.clone();
    }

    /** n-dimensional, A = 10, start (3, …, 3). */
    public static Rastrigin standard(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n = " + n + " must be >= 1");
        }
        double[] x0 = new double[n];
        Arrays.fill(x0, 3.0);
        return new Rastrigin(A, x0);
    }

    /** The usual domain [−5.12, 5.12]ⁿ. */
    public Bounds domain() {
        return Bounds.cube(start.length, -DOMAIN, DOMAIN);
    }

    @Override
    public String name() {
        return "rastrigin(n=" + start.length + ")";
    }

    @Override
    public int dimension() {
        return start.length;
    }

    @Override
    public double valueAndGradient(double[] x, double[] grad) {
        double f = 0;
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            double s = Math.sin(Math.PI * xi);
            f += xi * xi + 2 * a * s * s;
            grad[i] = 2 * xi + 2 * Math.PI * a * Math.sin(2 * Math.PI * xi);
        }
        return f;
    }

    @Override
    public double value(double[] x) {
        double f = 0;
        for (double xi : x) {
            double s = Math.sin(Math.PI * xi);
            f += xi * xi + 2 * a * s * s;
        }
        return f;
    }

    @Override
    public double[] start() {
        return start.clone();
    }

    @Override
    public double[] argmin() {
        return new double[start.length];
    }

    @Override
    public double minimum() {
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rastrigin r && Double.compare(a, r.a) == 0 && Arrays.equals(start, r.start);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(a) + Arrays.hashCode(start);
    }

    @Override
    public String toString() {
        return "Rastrigin[a=" + a + ", start=" + Arrays.toString(start) + "]";
    }
}
