package dev.descent.optim.transform;

import dev.descent.optim.Hyper;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * Decoupled weight decay for any optimizer: shrinks θ toward 0 by ε_k·λ·θ at every step,
 * outside the inner rule's gradient statistics.
 *
 * <pre>
 *   θ′ = inner step from θ with g
 *   θ ← θ′ − ε_k λ θ                  (θ: the parameters before the step)
 * </pre>
 *
 * <p>Loshchilov &amp; Hutter, "Decoupled weight decay regularization", ICLR 2019 (arXiv:1711.05101),
 * as torch's {@code AdamW} applies it: there θ ← θ(1 − ε_k λ) comes first and the Adam update,
 * which does not read θ, is added after, so both orders give the same θ to rounding. ε_k is
 * taken from {@code learningRate}: by default the inner rule's own schedule. The inner step runs
 * first so that a refused step changes nothing. Memory: one scratch copy of θ.
 *
 * @param weightDecay  λ ≥ 0
 * @param learningRate ε_k, the schedule that scales the decay
 * @param inner        the wrapped optimizer
 */
public record DecoupledWeightDecay(double weightDecay, Schedule learningRate, Optimizer<?> inner)
        implements AfterInnerStep {

    public DecoupledWeightDecay {
        Hyper.nonNegative("weightDecay", weightDecay);
        Hyper.learningRate(learningRate);
        Inner.notNull(inner);
    }

    /** Decay scaled by the inner optimizer's own learning rate. */
    public static DecoupledWeightDecay of(double weightDecay, Optimizer<?> inner) {
        return new DecoupledWeightDecay(weightDecay, AfterInnerStep.learningRateOf(inner, "decay"), inner);
    }

    @Override
    public String name() {
        return "decoupled_weight_decay";
    }

    @Override
    public void afterStep(double[] params, double[] before, double lr) {
        double f = lr * weightDecay;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                params[i] -= f * before[i];
            }
        });
    }
}
