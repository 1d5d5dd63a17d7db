package dev.descent.global;

import dev.descent.minimize.Result;
import dev.descent.problem.Bounds;
import dev.descent.problem.Objective;

/**
 * Anything that searches a box for the global minimum and reports its runs: a
 * {@link GlobalMinimizer} (simulated annealing or particle swarm with a stopping rule),
 * {@link MultiStart}, or {@link GlobalThenLocal}. Searches compose: a {@code GlobalThenLocal}
 * takes any {@code GlobalSearch} as its first stage.
 */
public interface GlobalSearch {

    /**
     * Searches {@code bounds} for the minimum of {@code objective}.
     *
     * @return the summary and every run
     */
    GlobalResult search(Objective objective, Bounds bounds);

    /** {@code search(objective, bounds).summary()}: the same {@link Result} type as a local run. */
    default Result minimize(Objective objective, Bounds bounds) {
        return search(objective, bounds).summary();
    }
}
