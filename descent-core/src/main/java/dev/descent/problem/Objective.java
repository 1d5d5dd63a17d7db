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
}
