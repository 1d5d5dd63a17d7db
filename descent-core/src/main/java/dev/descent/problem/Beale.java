package dev.descent.problem;

/**
 * Beale's function, flat plateaus and sharp ridges:
 *
 * <pre>
 *   f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²
 *   x* = (3, 0.5), f(x*) = 0
 * </pre>
 *
 * <p>The usual search domain is [−4.5, 4.5]²; the default start is (1, 1).
 *
 * @param start the starting point
 */
public record Beale(double[] start) implements TestProblem {

    private static final double[] C = {1.5, 2.25, 2.625};

    public Beale {
        if (start.length != 2) {
            throw new IllegalArgumentException("start has length " + start.length + ", expected 2");
        }
        start = start.clone();
    }

    /** Start (1, 1). */
    public static Beale standard() {
        return new Beale(new double[] {1, 1});
    }

    @Override
    public String name() {
        return "beale";
    }

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public double valueAndGradient(double[] p, double[] grad) {
        double x = p[0];
        double y = p[1];
        double f = 0;
        double gx = 0;
        double gy = 0;
        double yk = 1; // y^(k-1)
        for (int k = 1; k <= 3; k++) {
            double ykPlus = yk * y; // y^k
            double term = C[k - 1] - x + x * ykPlus;
            f += term * term;
            gx += 2 * term * (ykPlus - 1);
            gy += 2 * term * (k * x * yk);
            yk = ykPlus;
        }
        grad[0] = gx;
        grad[1] = gy;
        return f;
    }

    @Override
    public double[] start() {
        return start.clone();
    }

    @Override
    public double[] argmin() {
        return new double[] {3, 0.5};
    }

    @Override
    public double minimum() {
        return 0;
    }
}
