package dev.descent.optim.transform;

import dev.descent.linalg.Block;
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
public record ClipByNorm(double maxNorm, Optimizer<?> inner) implements GradientRewrite {

    public ClipByNorm {
        Hyper.positive("maxNorm", maxNorm);
        Inner.notNull(inner);
    }

    @Override
    public String name() {
        return "clip_norm";
    }

    @Override
    public double[] rewrite(double[] params, double[] grad, WrapperState state, double[] out) {
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
