package dev.descent.optim;

import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * L-DoG (layer-wise DoG): {@link DoG}'s step size computed separately for each block of the
 * {@link ParamLayout} (the reference's "layer" = one parameter tensor).
 *
 * <pre>
 *   for each block b, with θ_b, g_b its slices:
 *   g ← g + λθ                                        (L2 decay)
 *   r̄_b = ρ·(1 + ‖θ₀,b‖)                              (first step)
 *   r̄_b ← max(r̄_b, ‖θ_b − θ₀,b‖)                      (later steps, θ before the update)
 *   G_b ← ε + ‖g_b‖² (first step),   G_b ← G_b + ‖g_b‖² (later)
 *   η_b = c·r̄_b / √G_b    (η_b = η₀ at the first step when initEta is set)
 *   θ_b ← θ_b − η_b·g_b
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (reference)</th></tr>
 *   <tr><td>c</td><td>{@code learningRate}</td><td>1.0</td></tr>
 *   <tr><td>ρ</td><td>{@code repsRel}</td><td>1e-6</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td></tr>
 *   <tr><td>ε</td><td>{@code eps}</td><td>1e-8</td></tr>
 *   <tr><td>η₀</td><td>{@code initEta}</td><td>NaN = not set</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Follows class {@code LDoG} of {@code src/dog/dog.py} in github.com/formll/dog at commit
 * {@code 8d45cf569e3824212852d31cc2ae1da7ead34545} in its order of floating-point operations.
 * ε sits inside each block's root. A block's norm is a sequential fused sum of squares (torch's
 * {@code norm}); ‖g_b‖² is summed in torch's fixed chunks, so results do not depend on the thread
 * count. On a one-block layout L-DoG equals {@link DoG}.
 *
 * <p>Beyond Goodfellow et al. ch. 8: SGD (Algorithm 8.1) with one learning rate r̄_b/√G_b per
 * block, in the spirit of layer-wise rates (LARS).
 *
 * <h2>Memory</h2>
 * One extra vector of size n (θ₀) and three scalars per block; g′ = g + λθ is recomputed, not stored.
 *
 * <h2>References</h2>
 * M. Ivgi, O. Hinder, Y. Carmon, "DoG is SGD's Best Friend: A Parameter-Free Dynamic Step Size
 * Schedule", ICML 2023, arXiv:2302.12022.
 *
 * @param learningRate c &gt; 0 (1 recommended)
 * @param repsRel      ρ &gt; 0, the relative initial distance (ignored when initEta is set)
 * @param weightDecay  λ ≥ 0, L2 penalty added to g
 * @param eps          ε ≥ 0, added to each G_b
 * @param initEta      η₀ &gt; 0, the first step size of every block, or NaN to let ρ decide it
 * @see DoG
 */
public record LDoG(Schedule learningRate, double repsRel, double weightDecay, double eps, double initEta)
        implements Optimizer<LDoG.State>, HasLearningRate {

    public LDoG {
        Hyper.learningRate(learningRate);
        if (Double.isNaN(initEta)) {
            Hyper.positive("repsRel", repsRel);
        } else {
            Hyper.positive("initEta", initEta);
        }
        Hyper.nonNegative("weightDecay", weightDecay);
        Hyper.nonNegative("eps", eps);
    }

    /** The reference defaults: c 1, ρ 1e-6, no decay, ε 1e-8, no initEta. */
    public static LDoG defaults() {
        return new LDoG(Schedule.constant(1.0), 1e-6, 0, 1e-8, Double.NaN);
    }

    public LDoG withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public LDoG withLearningRate(Schedule lr) {
        return new LDoG(lr, repsRel, weightDecay, eps, initEta);
    }

    public LDoG withRepsRel(double rho) {
        return new LDoG(learningRate, rho, weightDecay, eps, initEta);
    }

    public LDoG withWeightDecay(double lambda) {
        return new LDoG(learningRate, repsRel, lambda, eps, initEta);
    }

    public LDoG withInitEta(double eta0) {
        return new LDoG(learningRate, repsRel, weightDecay, eps, eta0);
    }

    @Override
    public String name() {
        return "ldog";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    /**
     * One step. {@code params} and {@code state} are modified, {@code grad} is not.
     *
     * @throws IllegalArgumentException for a bad step (or some G_b = 0); then nothing was changed
     */
    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkLengthsAndRate(name(), learningRate, params, grad, state);
        boolean first = state.step() == 0;
        double wd = weightDecay;
        ParamLayout layout = state.layout();
        int blocks = layout.blocks().size();
        double rho = Double.isNaN(initEta) ? repsRel : 0;
        double[] rbar = state.newRbar;
        double[] bigG = state.newG;
        double[] eta = state.newEta;
        double[] two = state.two;
        // pass 1, reading only: per block the distance and Σg′² (DoG's one read of a block), which
        // also checks g: a finite Σg′² has finite terms g′ = g + λθ, so finite g
        boolean finite = true;
        for (int b = 0; b < blocks; b++) {
            Block blk = layout.blocks().get(b);
            DoG.distanceAndGradientSquares(params, first ? null : state.x0, grad, wd, blk.offset(), blk.end(), two);
            rbar[b] = Math.sqrt(two[0]); // the distance until r̄ is known
            bigG[b] = two[1]; // Σg′² until G is known
            finite &= Double.isFinite(two[1]);
        }
        if (!finite) {
            Hyper.recheckFinite(name(), params, grad, state);
        }
        for (int b = 0; b < blocks; b++) {
            Block blk = layout.blocks().get(b);
            double gsq = bigG[b];
            if (first) {
                rbar[b] = rho * (1 + rbar[b]);
                bigG[b] = gsq + eps;
            } else {
                rbar[b] = Math.max(state.rbar[b], rbar[b]);
                bigG[b] = state.bigG[b] + gsq;
            }
            if (!(bigG[b] > 0)) {
                throw new IllegalArgumentException(name() + ": G = " + bigG[b] + " for block '" + blk.name()
                        + "' at step " + (state.step() + 1)
                        + " (its gradients all zero and eps = 0); L-DoG needs G > 0; nothing was changed");
            }
            eta[b] = lr * rbar[b] / Math.sqrt(bigG[b]);
            if (first && !Double.isNaN(initEta)) {
                eta[b] = eta[b] * 0 + initEta;
            }
        }
        double[] x0 = state.x0;
        // pass 2: θ₀ on the first step, and θ ← θ − η_b·g′ with g′ recomputed (the same bits)
        for (int b = 0; b < blocks; b++) {
            Block blk = layout.blocks().get(b);
            double step = -eta[b];
            Parallel.forRange(blk.offset(), blk.end(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    double p = params[i];
                    if (first) {
                        x0[i] = p;
                    }
                    double g = wd > 0 ? TorchCpu.addAlpha(grad[i], wd, p) : grad[i];
                    params[i] = TorchCpu.addAlpha(p, step, g);
                }
            });
        }
        System.arraycopy(rbar, 0, state.rbar, 0, blocks);
        System.arraycopy(bigG, 0, state.bigG, 0, blocks);
        System.arraycopy(eta, 0, state.eta, 0, blocks);
        state.advance();
    }

    /**
     * State: θ₀ ({@code ldog.x0}) and, one entry per block, r̄, G, η ({@code ldog.rbar},
     * {@code ldog.G}, {@code ldog.eta}).
     */
    public static final class State extends OptimizerState {
        /** θ₀, the parameters at the first step (the reference's init_buffer). */
        public final double[] x0;
        /** r̄_b per block. */
        public final double[] rbar;
        /** G_b per block. */
        public final double[] bigG;
        /** η_b per block, the step sizes of the last step. */
        public final double[] eta;
        final double[] two;
        final double[] newRbar;
        final double[] newG;
        final double[] newEta;

        State(ParamLayout layout) {
            super("ldog", layout);
            int n = layout.size();
            int blocks = layout.blocks().size();
            x0 = buffer("x0", n);
            rbar = buffer("rbar", blocks);
            bigG = buffer("G", blocks);
            eta = buffer("eta", blocks);
            two = scratch(2);
            newRbar = scratch(blocks);
            newG = scratch(blocks);
            newEta = scratch(blocks);
        }
    }
}
