package dev.descent.problem;

/**
 * A benchmark objective with a known minimizer and a conventional starting point.
 */
public interface TestProblem extends Objective {

    /** A short, stable name, e.g. {@code "rosenbrock"}. */
    String name();

    /** The conventional starting point (a fresh copy). */
    double[] start();

    /** A global minimizer x* (a fresh copy). */
    double[] argmin();

    /**
     * Every global minimizer, as fresh copies; {@link #argmin()} is one of them. The default is
     * {@code {argmin()}}, for problems with a unique minimizer.
     */
    default double[][] argmins() {
        return new double[][] {argmin()};
    }

    /** J(x*). */
    double minimum();
}
