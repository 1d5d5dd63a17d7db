package dev.descent.global;

import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.problem.Bounds;
import dev.descent.problem.Objective;
import java.util.List;

/**
 * A global search followed by a local refinement of its best point: the usual way to use
 * annealing or a swarm, which find the right basin but converge slowly inside it.
 *
 * <pre>
 *   r_g = global.minimize(J, B)                   (annealing, a swarm, multistart, …)
 *   r_l = local.minimize(J, r_g.point)            (any Optimizer through a Minimizer, e.g. L-BFGS)
 *   return both; the summary reports the better of the two points
 * </pre>
 *
 * <p>The result's {@link GlobalResult#runs() runs} are [r_g, r_l]; its summary's point is r_l's
 * unless the local run made J worse (an optimizer without a line search can), its reason is
 * r_l's, and its evaluations are the sum. The local run is unconstrained, like scipy's
 * {@code dual_annealing} with a {@code minimizer_kwargs} method that ignores bounds.
 * {@link #refine} hands any existing result to a local optimizer.
 *
 * <pre>{@code
 * Rastrigin f = Rastrigin.standard(5);
 * GlobalResult r = new GlobalThenLocal(
 *         ParticleSwarm.defaults(7).until(new MaxEvaluations(20_000)),
 *         new Minimizer<>(Lbfgs.defaults(), StoppingCriterion.anyOf(new GradientNorm(1e-10), new MaxIterations(200))))
 *     .search(f, f.domain());
 * }</pre>
 *
 * @param global the first stage
 * @param local  the refinement
 */
public record GlobalThenLocal(GlobalSearch global, Minimizer<?> local) implements GlobalSearch {

    public GlobalThenLocal {
        if (global == null || local == null) {
            throw new IllegalArgumentException("global and local must not be null");
        }
    }

    @Override
    public GlobalResult search(Objective objective, Bounds bounds) {
        long t0 = System.nanoTime();
        Result g = global.minimize(objective, bounds);
        Result l = local.minimize(objective, g.point());
        return GlobalResult.of(List.of(g, l), l.reason(), System.nanoTime() - t0);
    }

    /**
     * Refines the best point of {@code global}, a result obtained earlier, with {@code local}.
     *
     * @return runs [global, the local run]; the summary's elapsed time is the sum of both
     */
    public static GlobalResult refine(Result global, Minimizer<?> local, Objective objective) {
        Result l = local.minimize(objective, global.point());
        return GlobalResult.of(List.of(global, l), l.reason(), global.elapsedNanos() + l.elapsedNanos());
    }
}
