package dev.descent.examples;

import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.Adam;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.problem.Objective;
import java.util.Arrays;

/** Minimizes the Rosenbrock function with Adam from (−1.5, 2); its minimum is (1, 1). */
public final class MinimizeRosenbrock {

    private MinimizeRosenbrock() {
    }

    /**
     * Runs the minimization.
     *
     * @return the result, checked: the point is within 1e-6 of (1, 1)
     * @throws IllegalStateException when it is not
     */
    public static Result run() {
        Objective rosenbrock = Objective.of(2, (x, g) -> {
            double a = 1 - x[0], b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        });
        Result r = new Minimizer<>(Adam.of(0.02),
                StoppingCriterion.anyOf(new GradientNorm(1e-8), new MaxIterations(100_000)))
            .minimize(rosenbrock, new double[] {-1.5, 2});
        double[] x = r.point();
        if (Math.abs(x[0] - 1) > 1e-6 || Math.abs(x[1] - 1) > 1e-6) {
            throw new IllegalStateException("Adam ended at " + Arrays.toString(x) + ", not (1, 1): " + r.reason().detail());
        }
        return r;
    }

    /**
     * Prints where Adam ended; exits 1 when it is not the minimum.
     *
     * @param args none
     */
    public static void main(String[] args) {
        try {
            Result r = run();
            System.out.println(Arrays.toString(r.point()) + " after " + r.iterations() + " steps: " + r.reason().detail());
        } catch (IllegalStateException e) {
            System.err.println("MinimizeRosenbrock: " + e.getMessage());
            System.exit(1);
        }
    }
}
