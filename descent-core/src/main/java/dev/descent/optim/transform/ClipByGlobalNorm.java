package dev.descent.optim.transform;

import dev.descent.linalg.Vec;
import dev.descent.optim.Hyper;
import dev.descent.optim.Optimizer;
import dev.descent.parallel.Parallel;

/**
 * Rescales the whole gradient so that its global Euclidean norm is at most c, then steps the
 * inner optimizer.
 *
 * <pre>
 *   ‖g‖ = √(Σ_i g_i²)                (over every block)
 *   g′ = g · c / max(‖g‖, c)
 * </pre>
 *
 * <p>Optax's {@code clip_by_global_norm}. torch's {@code clip_grad_norm_} divides by ‖g‖ + 1e-6
 * instead, which differs by a relative 1e-6/‖g‖ when clipping. The norm is a sum of fixed chunk
 * sums taken in order ({@link Vec#sumOfSquares}), so it does not depend on the number of threads
 * that computed it. Memory: one scratch vector of size n.
 *
 * @param maxNorm c &gt; 0
 * @param inner   the optimizer that receives g′
 */
public record ClipByGlobalNorm(double maxNorm, Optimizer<?> inner) implements GradientRewrite {

    public ClipByGlobalNorm {
        Hyper.positive("maxNorm", maxNorm);
        Inner.notNull(inner);
    }

    @Override
    public String name() {
        return "clip_global_norm";
    }

    /** The factor applied to g: c / max(‖g‖, c). */
    public double scale(double[] grad) {
        double norm = Math.sqrt(Vec.sumOfSquares(grad));
        return maxNorm / Math.max(norm, maxNorm);
    }

    /**
     * One read of g for its norm, which also checks it (a finite Σg² has finite terms), then g′
     * (g itself when c / max(‖g‖, c) is 1: g·1 is g), handed on as checked ({@link
     * Hyper#withFiniteGradient}): g′ = s·g with 0 ≤ s ≤ 1 is finite when g is. The same numbers and
     * refusals as the default step, two reads of the gradient fewer.
     */
    @Override
    public void step(double[] params, double[] grad, WrapperState state) {
        Hyper.checkLengths(name(), params, grad, state);
        double sq = Vec.sumOfSquares(grad);
        if (!Double.isFinite(sq)) {
            Hyper.recheckFinite(name(), params, grad, state);
        }
        double s = maxNorm / Math.max(Math.sqrt(sq), maxNorm);
        double[] g = s == 1 ? grad : scaled(grad, s, state.work);
        Hyper.withFiniteGradient(g, () -> Inner.step(inner(), params, g, state.inner));
        state.completed();
    }

    @Override
    public double[] rewrite(double[] params, double[] grad, WrapperState state, double[] out) {
        return scaled(grad, scale(grad), out);
    }

    private static double[] scaled(double[] grad, double s, double[] out) {
        Parallel.forRange(grad.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = grad[i] * s;
            }
        });
        return out;
    }
}
