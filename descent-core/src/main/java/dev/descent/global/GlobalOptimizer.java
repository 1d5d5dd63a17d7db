package dev.descent.global;

import dev.descent.minimize.Result;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.problem.Bounds;
import dev.descent.problem.Objective;

/**
 * A derivative-free global method over a box: an immutable, validated configuration
 * ({@code this}, a record that includes the seed) plus an explicit, immutable state {@code S}.
 *
 * <p>The loop that drives it, which {@link GlobalMinimizer} runs, is
 *
 * <pre>{@code
 * S state = method.init(objective, bounds);          // iteration 0: the first point(s), evaluated
 * while (!stop) {
 *     state = method.step(objective, bounds, state);  // one iteration
 * }
 * }</pre>
 *
 * <p>Contracts shared by the implementations:
 * <ul>
 *   <li>{@code step} does not modify the state it is given; it returns a new one. A state is
 *       therefore its own snapshot, and a refused step (wrong dimension) changes nothing.</li>
 *   <li>Iteration k draws its random numbers only from a generator that is a pure function of
 *       (seed, k), so the same seed gives the same run bit for bit, and a state continued twice
 *       continues identically.</li>
 *   <li>Only {@link Objective#value} is called: the methods use no gradients (objectives with a
 *       costly gradient override {@code value}). A NaN value counts as worse than every number.</li>
 *   <li>Every point evaluated lies inside the bounds.</li>
 * </ul>
 *
 * @param <S> the state type
 */
public interface GlobalOptimizer<S extends SearchState> {

    /** A short name for reports, e.g. {@code "simulated-annealing"}. */
    String name();

    /** The seed of every random draw of a run. */
    long seed();

    /**
     * Iteration 0: draws and evaluates the first point(s).
     *
     * @param objective the function, of the bounds' dimension
     * @param bounds    the search box
     */
    S init(Objective objective, Bounds bounds);

    /**
     * One iteration.
     *
     * @param objective the function
     * @param bounds    the search box, the same as for {@code init}
     * @param state     not modified
     * @return the state after the iteration
     */
    S step(Objective objective, Bounds bounds, S state);

    /** This method driven until {@code stop} says so. */
    default GlobalMinimizer<S> until(StoppingCriterion stop) {
        return new GlobalMinimizer<>(this, stop);
    }

    /** Runs from {@link #init} until {@code stop}: {@code until(stop).minimize(objective, bounds)}. */
    default Result minimize(Objective objective, Bounds bounds, StoppingCriterion stop) {
        return until(stop).minimize(objective, bounds);
    }
}
