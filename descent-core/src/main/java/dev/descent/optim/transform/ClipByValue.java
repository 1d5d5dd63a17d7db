package dev.descent.optim.transform;

import dev.descent.optim.Hyper;
import dev.descent.optim.Optimizer;
import dev.descent.parallel.Parallel;

/**
 * Clips every gradient component to [−c, c], then steps the inner optimizer.
 *
 * <pre>
 *   g′_i = min(max(g_i, −c), c)
 * </pre>
 *
 * <p>torch's {@code clip_grad_value_}, Optax's {@code clip}. Memory: one scratch vector of size n.
 *
 * @param clip  c &gt; 0
 * @param inner the optimizer that receives g′
 */
public record ClipByValue(double clip, Optimizer<?> inner) implements GradientRewrite {

    public ClipByValue {
        Hyper.positive("clip", clip);
        Inner.notNull(inner);
    }

    @Override
    public String name() {
        return "clip_value";
    }

    @Override
    public double[] rewrite(double[] params, double[] grad, WrapperState state, double[] out) {
        double c = clip;
        Parallel.forRange(grad.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = Math.min(Math.max(grad[i], -c), c);
            }
        });
        return out;
    }
}
