package dev.descent.problem;

/**
 * The Rosenbrock function, a curved narrow valley:
 *
 * <pre>
 *   f(x, y) = (a − x)² + b (y − x²)²
 *   ∇f = [ −2(a − x) − 4b x (y − x²),  2b (y − x²) ]
 *   x* = (a, a²), f(x*) = 0
 * </pre>
 *
 * <p>With a = 1, b = 100 the Hessian at the minimum has condition number about 2500. The default
 * start (−1.5, 2) is the conformance data's {@code rosenA}.
 *
 * @param a     the valley's x at the minimum
 * @param b     the steepness of the valley walls (&gt; 0)
 * @param start the starting point
 */
public record Rosenbrock(double a, double b, double[] start) implements TestProblem {

    public Rosenbrock {
        if (!(b > 0) || !Double.isFinite(b) || !Double.isFinite(a)) {
            throw new IllegalArgumentException("b = " + b + " must be finite and > 0 (a = " + a + ")");
        }
        if (start.length != 2) {
            throw new IllegalArgumentException("start has length " + start.length + ", expected 2");
        }
        start = start.clone();
    }

    /** a = 1, b = 100, start (−1.5, 2). */
    public static Rosenbrock standard() {
        return new Rosenbrock(1, 100, new double[] {-1.5, 2});
    }

    @Override
    public String name() {
        return "rosenbrock";
    }

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public double valueAndGradient(double[] p, double[] grad) {
        double x = p[0];
        double y = p[1];
        double u = a - x;
        double w = y - x * x;
        grad[0] = -2 * u - 4 * b * x * w;
        grad[1] = 2 * b * w;
        return u * u + b * w * w;
    }

    @Override
    public double[] start() {
        return start.clone();
    }

    @Override
    public double[] argmin() {
        return new double[] {a, a * a};
    }

    @Override
    public double minimum() {
        return 0;
    }
}
