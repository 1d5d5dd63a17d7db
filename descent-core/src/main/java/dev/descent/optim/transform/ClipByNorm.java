package dev.descent.optim.transform;

import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Hyper;
import dev.descent.optim.Optimizer;

/**
 * Rescales each block of the gradient (W1, b1, …) so that its own Euclidean norm is at most c,
 * then steps the inner optimizer.
 *
 * <pre>
 *   for each block B:  g′_B = g_B · c / max(‖g_B‖, c)
 * </pre>
 *
 * <p>Keras's {@code clipnorm} (per variable). For one norm over all blocks use
 * {@link ClipByGlobalNorm}. Memory: one scratch vector of size n.
 *
 * @param maxNorm c &gt; 0
 * @param inner   the optimizer that receives g′
 */
public record ClipByNorm(double maxNorm, Optimizer<?> inner) implements Optimizer<WrapperState> {

    public ClipByNorm {
        Hyper.positive("maxNorm", maxNorm);
        Inner.notNull(inner);
    }

    @Override
    public String name() {
        return "clip_norm";
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
        Inner.check(inner, params, transform(grad, state), state.inner);
    }

    @Override
    public void step(double[] params, double[] grad, WrapperState state) {
        GradientTransform.checkRaw(name(), params, grad, state);
        Inner.step(inner, params, transform(grad, state), state.inner);
        state.completed();
    }

    private double[] transform(double[] grad, WrapperState state) {
        double[] out = state.work;
        for (Block b : state.layout().blocks()) {
            double sum = 0;
            for (int i = b.offset(); i < b.end(); i++) {
                sum += grad[i] * grad[i];
            }
            double s = maxNorm / Math.max(Math.sqrt(sum), maxNorm);
            for (int i = b.offset(); i < b.end(); i++) {
                out[i] = grad[i] * s;
            }
        }
        return out;
    }
}
