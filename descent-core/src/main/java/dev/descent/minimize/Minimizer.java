package dev.descent.minimize;

import dev.descent.linalg.ParamLayout;
import dev.descent.linalg.Vec;
import dev.descent.optim.LineSearchOptimizer;
import dev.descent.optim.ValueAwareOptimizer;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.stop.Progress;
import dev.descent.optim.stop.StopReason;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.optim.stop.ValueHistory;
import java.util.Optional;

/**
 * Minimizes an {@link dev.descent.problem.Objective} with any optimizer, "while the tolerance is
 * not met":
 *
 * <pre>
 *   x ← optimizer.evaluationPoint(θ);  J, g ← J(x), ∇J(x)
 *   repeat
 *     stop if J or g is not finite             (θ keeps its last finite value)
 *     stop if the criterion says so
 *     if the optimizer is a LineSearchOptimizer:
 *       J, g ← optimizer.step(θ, J, g, objective)      J and ∇J at the new θ, from its line search
 *     else:
 *       optimizer.step(θ, g)
 *       x ← optimizer.evaluationPoint(θ);  J, g ← J(x), ∇J(x)
 *   result: optimizer.modelPoint(θ) (θ; schedule-free's averaged x), with J and ‖∇J‖ there
 * </pre>
 *
 * <p>{@link Progress#evaluations()} and {@link Result#evaluations()} count every evaluation of the
 * objective, a line search's trial points included, so
 * {@link dev.descent.optim.stop.MaxEvaluations} bounds them. The criterion is checked between
 * updates, so a run may go past the budget by at most the evaluations of one update less one
 * (for L-BFGS, its {@code maxLineSearchEvaluations}). The value history (what {@code Patience} and {@link Result#values()} see) has one entry per
 * checked point, i.e. per iterate: rejected trial points are not in it.
 *
 * <pre>{@code
 * Result r = new Minimizer<>(Adam.of(0.02),
 *         StoppingCriterion.anyOf(new GradientNorm(1e-8), new MaxIterations(50_000)))
 *     .minimize(Rosenbrock.standard(), new double[] {-1.5, 2});
 * }</pre>
 *
 * @param optimizer the update rule
 * @param stop      when to stop
 * @param <S>       the optimizer's state type
 */
public record Minimizer<S extends OptimizerState>(Optimizer<S> optimizer, StoppingCriterion stop) {

    public Minimizer {
        if (optimizer == null || stop == null) {
            throw new IllegalArgumentException("optimizer and stop must not be null");
        }
    }

    /**
     * Runs from {@code start}.
     *
     * @param objective the function
     * @param start     not modified
     * @return the final point, its value, the history and why it stopped
     */
    public Result minimize(dev.descent.problem.Objective objective, double[] start) {
        return minimize(objective, start, null);
    }

    /**
     * Sees every iterate the loop checks, in order: θ₀ first, then θ after each update (for a
     * line-search optimizer, each accepted point). Reports use it to draw paths.
     */
    @FunctionalInterface
    public interface Observer {
        /**
         * @param iteration updates applied so far (0 for the start)
         * @param theta     not modified, and only valid during the call: the current θ
         * @param value     J at the point the gradient was taken (θ, or the look-ahead point)
         */
        void iterate(long iteration, double[] theta, double value);
    }

    /**
     * Runs from {@code start}, showing each checked iterate to {@code observer} (null for none).
     *
     * @param objective the function
     * @param start     not modified
     * @param observer  called once per checked iterate, before the stopping criterion
     * @return the final point, its value, the history and why it stopped
     */
    public Result minimize(dev.descent.problem.Objective objective, double[] start, Observer observer) {
        int n = objective.dimension();
        if (start.length != n) {
            throw new IllegalArgumentException("start has length " + start.length + " but the objective has dimension " + n);
        }
        int bad = Vec.firstNonFinite(start);
        if (bad >= 0) {
            throw new IllegalArgumentException("start[" + bad + "] = " + start[bad] + " is not finite");
        }
        long t0 = System.nanoTime();
        double[] theta = start.clone();
        double[] previous = new double[n];
        double[] grad = new double[n];
        S state = optimizer.init(ParamLayout.flat(n));
        ValueHistory history = new ValueHistory();
        GrowableArray gradientNorms = new GrowableArray();
        double previousValue = Double.NaN;
        double stepNorm = Double.NaN;
        long evaluations = 0;
        StopReason reason;
        LineSearchOptimizer<S> lineSearch = optimizer instanceof LineSearchOptimizer<S> ls ? ls : null;
        double value = objective.valueAndGradient(optimizer.evaluationPoint(theta, state), grad);
        evaluations++;
        while (true) {
            double gnorm = Vec.norm2(grad);
            history.add(value);
            gradientNorms.add(gnorm);
            if (observer != null) {
                observer.iterate(state.step(), theta, value);
            }
            if (!Double.isFinite(value) || !Double.isFinite(gnorm)) {
                if (state.step() > 0) {
                    System.arraycopy(previous, 0, theta, 0, n); // back to the last finite point
                }
                reason = new StopReason.Failed("non-finite", "J = " + value + ", ‖∇J‖ = " + gnorm
                        + " at iteration " + state.step() + "; returning the last point with a finite value");
                break;
            }
            Progress p = new Progress(state.step(), evaluations, value, previousValue, gnorm, stepNorm,
                    Vec.norm2(theta), System.nanoTime() - t0, history);
            Optional<StopReason> r = stop.check(p);
            if (r.isPresent()) {
                reason = r.get();
                break;
            }
            System.arraycopy(theta, 0, previous, 0, n);
            previousValue = value;
            if (lineSearch != null) {
                LineSearchOptimizer.Outcome o = lineSearch.step(theta, value, grad, objective, state);
                evaluations += o.evaluations();
                value = o.value();
            } else {
                ValueAwareOptimizer.offerValue(optimizer, state, value); // Polyak steps need J, wrapped or not
                optimizer.step(theta, grad, state);
                value = objective.valueAndGradient(optimizer.evaluationPoint(theta, state), grad);
                evaluations++;
            }
            stepNorm = Vec.distance(theta, previous);
        }
        // the model point (schedule-free's x) unless the run fell back to θ before a non-finite step
        boolean fellBack = reason instanceof StopReason.Failed f && f.criterion().equals("non-finite");
        double[] result = fellBack ? theta : optimizer.modelPoint(theta, state).clone();
        double finalValue = objective.valueAndGradient(result, grad);
        return new Result(result, finalValue, Vec.norm2(grad), state.step(), evaluations + 1, reason,
                history.toArray(), gradientNorms.toArray(), System.nanoTime() - t0);
    }

    /** A growable array of doubles without boxing. */
    private static final class GrowableArray {
        private double[] data = new double[64];
        private int size;

        void add(double v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
