package dev.descent.problem;

/**
 * A differentiable function to minimize, J: ℝⁿ → ℝ.
 *
 * <p>{@link #valueAndGradient} returns J(x) and writes ∇J(x) into a buffer the caller owns, so a
 * loop of a million steps allocates nothing.
 */
public interface Objective {

    /** n, the number of parameters. */
    int dimension();

    /**
     * Evaluates J and its gradient.
     *
     * @param x    not modified: the point, length n
     * @param grad modified: receives ∇J(x), length n
     * @return J(x)
     */
    double valueAndGradient(double[] x, double[] grad);

    /** J(x) alone. The default computes the gradient too, into a scratch buffer. */
    default double value(double[] x) {
        return valueAndGradient(x, new double[dimension()]);
    }

    /**
     * An objective from a function that returns J(x) and writes ∇J(x) into {@code grad}.
     *
     * <pre>{@code
     * Objective f = Objective.of(2, (x, g) -> {
     *     g[0] = 2 * x[0];
     *     g[1] = 8 * x[1];
     *     return x[0] * x[0] + 4 * x[1] * x[1];
     * });
     * }</pre>
     */
    static Objective of(int dimension, ValueAndGradient function) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension = " + dimension + " must be > 0");
        }
        return new Objective() {
            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public double valueAndGradient(double[] x, double[] grad) {
                return function.apply(x, grad);
            }
        };
    }

    /** J(x), writing ∇J(x) into {@code grad}. */
    @FunctionalInterface
    interface ValueAndGradient {
        double apply(double[] x, double[] grad);
    }
}
