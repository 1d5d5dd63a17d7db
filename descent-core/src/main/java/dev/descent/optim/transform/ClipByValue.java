package dev.descent.optim.transform;

import dev.descent.linalg.Vec;
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

    /**
     * g′ and the check of g in one pass (g′ = clip(g) hides an infinite g, so g itself is checked,
     * tile by tile while it is in cache), g′ handed on as checked ({@link Hyper#withFiniteGradient}):
     * clip(g) of a finite g is finite. The same numbers and refusals as the default step, two reads
     * of the gradient fewer.
     */
    @Override
    public void step(double[] params, double[] grad, WrapperState state) {
        Hyper.checkLengths(name(), params, grad, state);
        double[] out = state.work;
        double c = clip;
        boolean[] bad = {false};
        Parallel.forRange(grad.length, (from, to) -> {
            double z = 0;
            for (int tile = from; tile < to; tile += Parallel.TILE) {
                int end = Math.min(to, tile + Parallel.TILE);
                for (int i = tile; i < end; i++) {
                    out[i] = Math.min(Math.max(grad[i], -c), c);
                }
                z += Vec.zeroIfFinite(grad, tile, end);
            }
            if (z != 0) {
                bad[0] = true; // NaN: some entry is not finite
            }
        });
        if (bad[0]) {
            Hyper.recheckFinite(name(), params, grad, state);
        }
        Hyper.withFiniteGradient(out, () -> Inner.step(inner(), params, out, state.inner));
        state.completed();
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
