package dev.descent.global;

import dev.descent.linalg.Vec;
import dev.descent.minimize.Result;
import dev.descent.optim.stop.Progress;
import dev.descent.optim.stop.StopReason;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.optim.stop.ValueHistory;
import dev.descent.problem.Bounds;
import dev.descent.problem.Objective;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs a {@link GlobalOptimizer} until a {@link StoppingCriterion} says so, the global counterpart
 * of {@link dev.descent.minimize.Minimizer}, and returns the same {@link Result}:
 *
 * <pre>
 *   state ← method.init(J, B)
 *   repeat
 *     stop if the criterion says so       (it sees the best value so far)
 *     state ← method.step(J, B, state)
 *   J, ∇J ← at the best point              (one more evaluation, for Result.gradientNorm)
 * </pre>
 *
 * <p>What the criterion sees ({@link Progress}) and what the result holds:
 * <table>
 *   <caption>Progress and Result of a global run</caption>
 *   <tr><th>field</th><th>meaning here</th></tr>
 *   <tr><td>iteration</td><td>iterations of the method (SA: proposals; PSO: swarm updates)</td></tr>
 *   <tr><td>evaluations</td><td>every evaluation of J, the initial ones included (the result adds the final one)</td></tr>
 *   <tr><td>value, history, {@code Result.values}</td><td>the <em>best</em> value so far, one entry per iteration:
 *       non-increasing</td></tr>
 *   <tr><td>previousValue</td><td>the best value one iteration earlier</td></tr>
 *   <tr><td>gradientNorm, stepNorm; {@code Result.gradientNorms}</td><td>NaN: the methods use no gradients</td></tr>
 *   <tr><td>paramNorm</td><td>‖best point‖₂</td></tr>
 * </table>
 *
 * <p>So {@code MaxIterations}, {@code MaxEvaluations}, {@code TimeBudget} and {@code Patience}
 * (no improvement of the best value by more than minDelta in so many iterations) mean what they
 * say. {@code GradientNorm} and {@code StepSize} never hold. {@code RelativeChange} and
 * {@code AbsoluteChange} hold as soon as one iteration fails to improve the best value, which is
 * common, so they are rarely what a global run wants. The criterion is checked between iterations:
 * a swarm may exceed {@code MaxEvaluations} by at most its size less one.
 *
 * <pre>{@code
 * Result r = SimulatedAnnealing.defaults(42)
 *     .until(StoppingCriterion.anyOf(new MaxEvaluations(20_000), new Patience(5_000, 0)))
 *     .minimize(Rastrigin.standard(2), Rastrigin.standard(2).domain());
 * }</pre>
 *
 * @param method the global method (its seed included)
 * @param stop   when to stop
 * @param <S>    the method's state type
 */
public record GlobalMinimizer<S extends SearchState>(GlobalOptimizer<S> method, StoppingCriterion stop)
        implements GlobalSearch {

    public GlobalMinimizer {
        if (method == null || stop == null) {
            throw new IllegalArgumentException("method and stop must not be null");
        }
    }

    /** Runs from {@code method.init(objective, bounds)}. */
    @Override
    public Result minimize(Objective objective, Bounds bounds) {
        bounds.requireDimension(objective.dimension(), "the objective");
        long t0 = System.nanoTime();
        return run(objective, bounds, method.init(objective, bounds), t0);
    }

    /**
     * Continues a run from {@code from} (for example a state saved earlier). The stopping
     * criterion's counts start from the state's, so {@code MaxIterations(k)} stops at iteration k of
     * the whole run.
     *
     * @param from not modified
     */
    public Result minimize(Objective objective, Bounds bounds, S from) {
        bounds.requireDimension(objective.dimension(), "the objective");
        return run(objective, bounds, from, System.nanoTime());
    }

    /** The run as a {@link GlobalResult} with one run. */
    @Override
    public GlobalResult search(Objective objective, Bounds bounds) {
        Result r = minimize(objective, bounds);
        return GlobalResult.of(List.of(r), r.reason(), r.elapsedNanos());
    }

    private Result run(Objective objective, Bounds bounds, S state, long t0) {
        ValueHistory history = new ValueHistory();
        history.add(state.bestValue());
        double previous = Double.NaN;
        StopReason reason;
        while (true) {
            Progress p = new Progress(state.iteration(), state.evaluations(), state.bestValue(), previous, Double.NaN,
                    Double.NaN, Vec.norm2(state.best()), System.nanoTime() - t0, history);
            Optional<StopReason> r = stop.check(p);
            if (r.isPresent()) {
                reason = r.get();
                break;
            }
            previous = state.bestValue();
            state = method.step(objective, bounds, state);
            history.add(state.bestValue());
        }
        double[] best = state.best();
        double[] grad = new double[best.length];
        double value = objective.valueAndGradient(best, grad);
        double[] values = history.toArray();
        double[] gradientNorms = new double[values.length];
        Arrays.fill(gradientNorms, Double.NaN);
        return new Result(best, value, Vec.norm2(grad), state.iteration(), state.evaluations() + 1, reason, values,
                gradientNorms, System.nanoTime() - t0);
    }
}
