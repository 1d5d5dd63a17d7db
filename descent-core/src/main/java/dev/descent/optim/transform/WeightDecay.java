package dev.descent.optim.transform;

import dev.descent.optim.Hyper;
import dev.descent.optim.Optimizer;
import dev.descent.parallel.Parallel;

/**
 * Coupled L2 regularization for any optimizer: adds λθ to the gradient, i.e. minimizes
 * J(θ) + ½λ‖θ‖², then steps the inner optimizer.
 *
 * <pre>
 *   g′ = g + λθ
 * </pre>
 *
 * <p>This is torch's {@code weight_decay} argument (on SGD, Adam, RMSprop, …) as a wrapper, and
 * Optax's {@code add_decayed_weights} placed before the rule. With adaptive rules the decay is
 * rescaled by the rule's denominator; for decay that is not, use {@link DecoupledWeightDecay}
 * (Loshchilov &amp; Hutter 2019). Memory: one scratch vector of size n.
 *
 * @param weightDecay λ ≥ 0
 * @param inner       the optimizer that receives g′
 */
public record WeightDecay(double weightDecay, Optimizer<?> inner) implements GradientRewrite {

    public WeightDecay {
        Hyper.nonNegative("weightDecay", weightDecay);
        Inner.notNull(inner);
    }

    @Override
    public String name() {
        return "weight_decay";
    }

    @Override
    public double[] rewrite(double[] params, double[] grad, WrapperState state, double[] out) {
        double wd = weightDecay;
        Parallel.forRange(grad.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = grad[i] + wd * params[i];
            }
        });
        return out;
    }
}
