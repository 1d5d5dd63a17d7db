package dev.descent.optim.transform;

import dev.descent.optim.Hyper;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * L1 regularization by a proximal step: after the inner update, soft-thresholds θ, which
 * minimizes J(θ) + λ‖θ‖₁ and sets small parameters exactly to zero (sparsity), where adding
 * λ·sign(θ) to the gradient would only make them oscillate around zero.
 *
 * <pre>
 *   θ′ = inner step from θ with g
 *   θ_i ← sign(θ′_i) · max(|θ′_i| − ε_k λ, 0)
 * </pre>
 *
 * <p>With SGD this is ISTA, the proximal gradient method (Parikh &amp; Boyd, "Proximal
 * Algorithms", Found. Trends Optim. 1(3), 2014, §4.2). ε_k is by default the inner rule's own
 * learning rate. Memory: none beyond the inner rule's.
 *
 * @param l1           λ ≥ 0
 * @param learningRate ε_k, the schedule that scales the threshold
 * @param inner        the wrapped optimizer
 */
public record L1Proximal(double l1, Schedule learningRate, Optimizer<?> inner) implements AfterInnerStep {

    public L1Proximal {
        Hyper.nonNegative("l1", l1);
        Hyper.learningRate(learningRate);
        Inner.notNull(inner);
    }

    /** Threshold scaled by the inner optimizer's own learning rate. */
    public static L1Proximal of(double l1, Optimizer<?> inner) {
        return new L1Proximal(l1, AfterInnerStep.learningRateOf(inner, "threshold"), inner);
    }

    @Override
    public String name() {
        return "l1";
    }

    @Override
    public boolean readsParamsBefore() {
        return false;
    }

    @Override
    public void afterStep(double[] params, double[] before, double lr) {
        double t = lr * l1;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double p = params[i];
                params[i] = Math.copySign(Math.max(Math.abs(p) - t, 0), p);
            }
        });
    }
}
