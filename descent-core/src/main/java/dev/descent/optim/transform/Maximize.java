package dev.descent.optim.transform;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Optimizer;

/**
 * Maximizes instead of minimizing: hands −g to the inner optimizer, so that θ climbs the
 * objective whose gradient is g (torch's {@code maximize=True}). Memory: one scratch vector.
 *
 * @param inner the optimizer that receives −g
 */
public record Maximize(Optimizer<?> inner) implements Optimizer<WrapperState> {

    public Maximize {
        Inner.notNull(inner);
    }

    @Override
    public String name() {
        return "maximize";
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
        Inner.check(inner, params, negate(grad, state.work), state.inner);
    }

    @Override
    public void step(double[] params, double[] grad, WrapperState state) {
        GradientTransform.checkRaw(name(), params, grad, state);
        Inner.step(inner, params, negate(grad, state.work), state.inner);
        state.completed();
    }

    private static double[] negate(double[] grad, double[] out) {
        for (int i = 0; i < grad.length; i++) {
            out[i] = -grad[i];
        }
        return out;
    }
}
