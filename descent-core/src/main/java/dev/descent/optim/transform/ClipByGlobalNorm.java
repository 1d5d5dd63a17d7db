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

    @Override
    public double[] rewrite(double[] params, double[] grad, WrapperState state, double[] out) {
        double s = scale(grad);
        Parallel.forRange(grad.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = grad[i] * s;
            }
        });
        return out;
    }
}
