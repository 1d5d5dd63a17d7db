package dev.descent.optim;

import dev.descent.problem.Objective;

/**
 * An optimizer that can use the objective itself during an update, not only a gradient: a line
 * search (L-BFGS with strong Wolfe) evaluates J at trial points along a direction before it
 * commits to one.
 *
 * <p>The plain {@link #step(double[], double[], OptimizerState)} of the {@link Optimizer} contract
 * still works (a minibatch loop has no objective to hand over); each implementation documents what
 * it does then, typically a fixed step. A loop that has the objective, such as
 * {@link dev.descent.minimize.Minimizer}, checks {@code instanceof LineSearchOptimizer} and calls
 * {@link #step(double[], double, double[], Objective, OptimizerState)} instead:
 *
 * <pre>{@code
 * S state = optimizer.init(layout);
 * double value = objective.valueAndGradient(theta, grad);      // once, at the start
 * while (...) {
 *     LineSearchOptimizer.Outcome o = optimizer.step(theta, value, grad, objective, state);
 *     value = o.value();                                         // grad now holds ∇J at the new θ
 *     evaluations += o.evaluations();
 * }
 * }</pre>
 *
 * <p>The update hands back the value and gradient at the new θ, which the line search has already
 * computed, so the loop never evaluates the accepted point twice. Contracts, in addition to those of
 * {@link Optimizer}:
 * <ul>
 *   <li>The gradient is evaluated at θ itself: {@link #evaluationPoint} returns {@code params}.</li>
 *   <li>A refused update (wrong lengths, a non-finite value or gradient, an objective of the wrong
 *       dimension, an invalid learning rate) throws {@link IllegalArgumentException} before any
 *       evaluation and changes nothing.</li>
 *   <li>An exception thrown by the objective during the search propagates; {@code params} and
 *       {@code grad} are then unchanged, and the state is such that calling the update again with
 *       the same arguments gives the result the interrupted call would have given.</li>
 * </ul>
 *
 * @param <S> the state type
 */
public interface LineSearchOptimizer<S extends OptimizerState> extends Optimizer<S> {

    /**
     * Applies one update, evaluating {@code objective} as often as the line search needs.
     *
     * @param params    modified: θ on entry, the accepted point θ⁺ on return
     * @param value     J(θ), as the caller already computed it (it is not re-evaluated)
     * @param grad      modified: ∇J(θ) on entry, ∇J(θ⁺) on return
     * @param objective J; evaluated only at trial points, never at θ itself
     * @param state     modified
     * @return J(θ⁺) and the number of objective evaluations made
     * @throws IllegalArgumentException if the update is refused; then nothing was modified
     */
    Outcome step(double[] params, double value, double[] grad, Objective objective, S state);

    /**
     * What an update with the objective produced.
     *
     * @param value       J(θ⁺) at the accepted point (J(θ) when the search made no progress)
     * @param evaluations objective evaluations made by this update, ≥ 0
     */
    record Outcome(double value, int evaluations) {

        public Outcome {
            if (evaluations < 0) {
                throw new IllegalArgumentException("evaluations = " + evaluations + " must be >= 0");
            }
        }
    }
}
