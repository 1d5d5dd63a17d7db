package dev.descent.optim.transform;

import dev.descent.optim.Optimizer;
import dev.descent.parallel.Parallel;

/**
 * Maximizes instead of minimizing: hands −g to the inner optimizer, so that θ climbs the
 * objective whose gradient is g (torch's {@code maximize=True}). Memory: one scratch vector.
 *
 * @param inner the optimizer that receives −g
 */
public record Maximize(Optimizer<?> inner) implements GradientRewrite {

    public Maximize {
        Inner.notNull(inner);
    }

    @Override
    public String name() {
        return "maximize";
    }

    @Override
    public double[] rewrite(double[] params, double[] grad, WrapperState state, double[] out) {
        Parallel.forRange(grad.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = -grad[i];
            }
        });
        return out;
    }
}
