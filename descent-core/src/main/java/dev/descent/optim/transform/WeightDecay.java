package dev.descent.optim.transform;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Hyper;
import dev.descent.optim.Optimizer;

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
public record WeightDecay(double weightDecay, Optimizer<?> inner) implements Optimizer<WrapperState> {

    public WeightDecay {
        Hyper.nonNegative("weightDecay", weightDecay);
        Inner.notNull(inner);
    }

    @Override
    public String name() {
        return "weight_decay";
    }

    @Override
    public WrapperState init(ParamLayout layout) {
        return GradientTransform.init(name(), layout, inner);
    }

    @Override
    public double[] evaluationPoint(double[] params, WrapperState state) {
        return Inner.evaluationPoint(inner, params, state.inner);
    }

    @Override
    public void check(double[] params, double[] grad, WrapperState state) {
        GradientTransform.checkRaw(name(), params, grad, state);
        Inner.check(inner, params, transform(params, grad, state.work), state.inner);
    }

    @Override
    public void step(double[] params, double[] grad, WrapperState state) {
        GradientTransform.checkRaw(name(), params, grad, state);
        Inner.step(inner, params, transform(params, grad, state.work), state.inner);
        state.completed();
    }

    private double[] transform(double[] params, double[] grad, double[] out) {
        double wd = weightDecay;
        for (int i = 0; i < grad.length; i++) {
            out[i] = grad[i] + wd * params[i];
        }
        return out;
    }
}
