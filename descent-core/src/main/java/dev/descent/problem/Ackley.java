package dev.descent.problem;

import dev.descent.util.Checks;
import java.util.Arrays;

/**
 * The Ackley function: a nearly flat, rippled plateau around a deep funnel at the origin.
 *
 * <pre>
 *   r = √(Σᵢ xᵢ² / n),   C = Σᵢ cos(c xᵢ) / n
 *   f(x) = −a e^{−b r} − e^{C} + a + e
 *        = −a·expm1(−b r) − e·expm1(−(2/n) Σᵢ sin²(c xᵢ/2))          (the form computed)
 *   ∂f/∂xᵢ = a b e^{−b r} · xᵢ/(n r) + e^{C} · c sin(c xᵢ)/n          (r &gt; 0)
 *   x* = 0, f(x*) = 0;   domain [−32.768, 32.768]ⁿ
 * </pre>
 *
 * <table>
 *   <caption>Parameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>usual value</th></tr>
 *   <tr><td>a</td><td>{@code a}</td><td>20</td></tr>
 *   <tr><td>b</td><td>{@code b}</td><td>0.2</td></tr>
 *   <tr><td>c</td><td>{@code c}</td><td>2π</td></tr>
 * </table>
 *
 * <p><b>The gradient at x* does not exist.</b> Near the origin the first term is the cone
 * (a b/√n)·‖x‖: f is continuous but not differentiable at x = 0. There
 * {@link #valueAndGradient} returns the gradient of the smooth second term, which is 0; 0 belongs
 * to the subdifferential of the cone, so it is the natural value, and every gradient method stops
 * there. The same happens when ‖x‖² underflows to 0 (‖x‖ ≲ 1e-154). Close to x* the gradient norm
 * stays near a b/√n (2.83 for n = 2 with a = 20, b = 0.2), so a {@code GradientNorm} stopping rule
 * never holds there: stop L-BFGS on Ackley by {@code StepSize}, {@code AbsoluteChange} or a budget. The
 * local minima sit near the integer lattice. {@link #standard(int)} starts at (3, …, 3).
 *
 * <p>The value is computed in the expm1 form, so f(0) is exactly 0 and f is accurate near x*,
 * where the textbook form loses everything to the cancellation of a + e against a + e^C.
 *
 * <h2>References</h2>
 * D. H. Ackley, <i>A Connectionist Machine for Genetic Hillclimbing</i>, Kluwer 1987 (n = 2);
 * T. Bäck, <i>Evolutionary Algorithms in Theory and Practice</i>, Oxford 1996 (the n-dimensional
 * form with a = 20, b = 0.2, c = 2π); S. Surjanovic, D. Bingham, <i>Virtual Library of Simulation
 * Experiments</i>, www.sfu.ca/~ssurjano/ackley.html (the domain ±32.768).
 *
 * @param a     a &gt; 0, the depth of the funnel
 * @param b     b &gt; 0, its steepness
 * @param c     c &gt; 0, the ripples' angular frequency
 * @param start the starting point; its length is n (copied)
 * @see Rastrigin
 * @see Himmelblau
 */
public record Ackley(double a, double b, double c, double[] start) implements TestProblem {

    /** The usual half-width of the domain. */
    public static final double DOMAIN = 32.768;

    public Ackley {
        Checks.positiveFinite("a", a);
        Checks.positiveFinite("b", b);
        Checks.positiveFinite("c", c);
        if (start == null || start.length == 0) {
            throw new IllegalArgumentException("start must have length n >= 1");
        }
        start = start.clone();
    }

    /** n-dimensional, a = 20, b = 0.2, c = 2π, start (3, …, 3). */
    public static Ackley standard(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n = " + n + " must be >= 1");
        }
        double[] x0 = new double[n];
        Arrays.fill(x0, 3.0);
        return new Ackley(20, 0.2, 2 * Math.PI, x0);
    }

    /** The usual domain [−32.768, 32.768]ⁿ. */
    public Bounds domain() {
        return Bounds.cube(start.length, -DOMAIN, DOMAIN);
    }

    @Override
    public String name() {
        return "ackley(n=" + start.length + ")";
    }

    @Override
    public int dimension() {
        return start.length;
    }

    @Override
    public double valueAndGradient(double[] x, double[] grad) {
        int n = x.length;
        double sumSq = 0;
        double sumSin2 = 0;
        for (double xi : x) {
            sumSq += xi * xi;
            double s = Math.sin(0.5 * c * xi);
            sumSin2 += s * s;
        }
        double r = Math.sqrt(sumSq / n);
        double cMinus1 = -2 * sumSin2 / n; // C − 1
        double eC = Math.E * Math.exp(cMinus1);
        double cone = r > 0 ? a * b * Math.exp(-b * r) / (n * r) : 0;
        for (int i = 0; i < n; i++) {
            grad[i] = cone * x[i] + eC * c * Math.sin(c * x[i]) / n;
        }
        return -a * Math.expm1(-b * r) - Math.E * Math.expm1(cMinus1);
    }

    @Override
    public double value(double[] x) {
        int n = x.length;
        double sumSq = 0;
        double sumSin2 = 0;
        for (double xi : x) {
            sumSq += xi * xi;
            double s = Math.sin(0.5 * c * xi);
            sumSin2 += s * s;
        }
        double r = Math.sqrt(sumSq / n);
        return -a * Math.expm1(-b * r) - Math.E * Math.expm1(-2 * sumSin2 / n);
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
        return o instanceof Ackley k && Double.compare(a, k.a) == 0 && Double.compare(b, k.b) == 0
                && Double.compare(c, k.c) == 0 && Arrays.equals(start, k.start);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[] {a, b, c}) * 31 + Arrays.hashCode(start);
    }

    @Override
    public String toString() {
        return "Ackley[a=" + a + ", b=" + b + ", c=" + c + ", start=" + Arrays.toString(start) + "]";
    }
}
