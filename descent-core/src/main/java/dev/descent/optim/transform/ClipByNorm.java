package dev.descent.optim.transform;

import dev.descent.linalg.Block;
import dev.descent.linalg.Vec;
import dev.descent.optim.Hyper;
import dev.descent.optim.Optimizer;
import dev.descent.parallel.Parallel;
import java.util.List;

/**
 * Rescales each block of the gradient (W1, b1, …) so that its own Euclidean norm is at most c,
 * then steps the inner optimizer.
 *
 * <pre>
 *   for each block B:  g′_B = g_B · c / max(‖g_B‖, c)
 * </pre>
 *
 * <p>Keras's {@code clipnorm} (per variable). For one norm over all blocks use
 * {@link ClipByGlobalNorm}. A block's norm is a sum of fixed chunk sums taken in order
 * ({@link Vec#blockSumOfSquares}; the plain sum up to 4096 entries), so it does not depend on the
 * number of threads. Memory: one scratch vector of size n.
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

    /**
     * One read of g for the blocks' norms, which also checks it (a finite Σg_B² has finite terms),
     * then g′, handed on as checked ({@link Hyper#withFiniteGradient}): g′_B = s_B·g_B with
     * 0 ≤ s_B ≤ 1 is finite when g is. The same numbers and refusals as the default step.
     */
    @Override
    public void step(double[] params, double[] grad, WrapperState state) {
        Hyper.checkLengths(name(), params, grad, state);
        double[] out = state.work;
        List<Block> blocks = state.layout().blocks();
        double[] scales = state.blockScratch();
        boolean finite = true;
        for (int b = 0; b < blocks.size(); b++) {
            double sq = Vec.blockSumOfSquares(grad, blocks.get(b).offset(), blocks.get(b).end());
            finite &= Double.isFinite(sq);
            scales[b] = maxNorm / Math.max(Math.sqrt(sq), maxNorm);
        }
        if (!finite) {
            Hyper.recheckFinite(name(), params, grad, state);
        }
        scale(grad, blocks, scales, out);
        Hyper.withFiniteGradient(out, () -> Inner.step(inner(), params, out, state.inner));
        state.completed();
    }

    @Override
    public double[] rewrite(double[] params, double[] grad, WrapperState state, double[] out) {
        List<Block> blocks = state.layout().blocks();
        double[] scales = state.blockScratch();
        for (int b = 0; b < blocks.size(); b++) {
            double sq = Vec.blockSumOfSquares(grad, blocks.get(b).offset(), blocks.get(b).end());
            scales[b] = maxNorm / Math.max(Math.sqrt(sq), maxNorm);
        }
        return scale(grad, blocks, scales, out);
    }

    /** g′_B = g_B · s_B for every block B. */
    private static double[] scale(double[] grad, List<Block> blocks, double[] scales, double[] out) {
        for (int b = 0; b < blocks.size(); b++) {
            double s = scales[b];
            Parallel.forRange(blocks.get(b).offset(), blocks.get(b).end(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    out[i] = grad[i] * s;
                }
            });
        }
        return out;
    }
}
