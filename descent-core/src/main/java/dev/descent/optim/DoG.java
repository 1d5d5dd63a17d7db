package dev.descent.optim;

import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * DoG (Distance over Gradients): SGD whose step size is the largest distance travelled from θ₀
 * divided by the root of the summed squared gradient norms; norms are global over all blocks.
 *
 * <pre>
 *   g ← g + λθ                                       (L2 decay)
 *   r̄ = ρ·(1 + ‖θ₀‖)                                 (first step)
 *   r̄ ← max(r̄, ‖θ − θ₀‖)                             (later steps, θ before the update)
 *   G ← ε + ‖g‖² (first step),   G ← G + ‖g‖² (later)
 *   η = c·r̄ / √G          (η = η₀ at the first step when initEta is set)
 *   θ ← θ − η·g
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
 * Follows class {@code DoG} of {@code src/dog/dog.py} in github.com/formll/dog at commit
 * {@code 8d45cf569e3824212852d31cc2ae1da7ead34545} (version 1.0.3) in its order of floating-point
 * operations. ε sits inside the root, added once to G. The norms treat all blocks as one long
 * vector, in torch's order: each block's norm (a sequential fused sum of squares), then the norm
 * of those norms; ‖g‖² sums each block's squares in torch's fixed chunks, then those sums. The
 * result does not depend on the thread count. With initEta set, ρ is 0 as in the reference, so r̄
 * starts at 0. The reference recommends iterate averaging on top (not part of this optimizer).
 *
 * <p>Beyond Goodfellow et al. ch. 8: SGD (Algorithm 8.1) with the learning rate replaced by r̄/√G.
 *
 * <h2>Memory</h2>
 * One extra vector of size n (θ₀) and three scalars; g′ = g + λθ is recomputed, not stored.
 *
 * <h2>References</h2>
 * M. Ivgi, O. Hinder, Y. Carmon, "DoG is SGD's Best Friend: A Parameter-Free Dynamic Step Size
 * Schedule", ICML 2023, arXiv:2302.12022.
 *
 * @param learningRate c &gt; 0 (1 recommended)
 * @param repsRel      ρ &gt; 0, the relative initial distance (ignored when initEta is set)
 * @param weightDecay  λ ≥ 0, L2 penalty added to g
 * @param eps          ε ≥ 0, added to G
 * @param initEta      η₀ &gt; 0, the first step size, or NaN to let ρ decide it
 * @see LDoG
 */
public record DoG(Schedule learningRate, double repsRel, double weightDecay, double eps, double initEta)
        implements Optimizer<DoG.State>, HasLearningRate {

    public DoG {
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
    public static DoG defaults() {
        return new DoG(Schedule.constant(1.0), 1e-6, 0, 1e-8, Double.NaN);
    }

    public DoG withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public DoG withLearningRate(Schedule lr) {
        return new DoG(lr, repsRel, weightDecay, eps, initEta);
    }

    public DoG withRepsRel(double rho) {
        return new DoG(learningRate, rho, weightDecay, eps, initEta);
    }

    public DoG withWeightDecay(double lambda) {
        return new DoG(learningRate, repsRel, lambda, eps, initEta);
    }

    public DoG withInitEta(double eta0) {
        return new DoG(learningRate, repsRel, weightDecay, eps, eta0);
    }

    @Override
    public String name() {
        return "dog";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    /**
     * One step. {@code params} and {@code state} are modified, {@code grad} is not.
     *
     * @throws IllegalArgumentException for a bad step (or G = 0); then nothing was changed
     */
    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkLengthsAndRate(name(), learningRate, params, grad, state);
        int n = params.length;
        boolean first = state.step() == 0;
        double wd = weightDecay;
        ParamLayout layout = state.layout();
        int blocks = layout.blocks().size();
        double[] perBlock = state.perBlock;
        double[] sq = state.perBlockSq;
        double[] two = state.two;
        boolean finite = true;
        for (int b = 0; b < blocks; b++) {
            Block blk = layout.blocks().get(b);
            distanceAndGradientSquares(params, first ? null : state.x0, grad, wd, blk.offset(), blk.end(), two);
            perBlock[b] = Math.sqrt(two[0]);
            sq[b] = two[1];
            finite &= Double.isFinite(two[1]);
        }
        if (!finite) {
            Hyper.recheckFinite(name(), params, grad, state);
        }
        double norm = TorchCpu.norm(perBlock, 0, blocks);
        double gsq = TorchCpu.sum(sq);
        double rho = Double.isNaN(initEta) ? repsRel : 0;
        double rbar = first ? rho * (1 + norm) : Math.max(state.rbar[0], norm);
        double bigG = first ? gsq + eps : state.bigG[0] + gsq;
        if (!(bigG > 0)) {
            throw new IllegalArgumentException(name() + ": G = " + bigG + " at step " + (state.step() + 1)
                    + " (all gradients zero and eps = 0); DoG needs G > 0; nothing was changed");
        }
        double eta = lr * rbar / Math.sqrt(bigG);
        if (first && !Double.isNaN(initEta)) {
            eta = eta * 0 + initEta;
        }
        double step = -eta;
        double[] x0 = state.x0;
        Parallel.forRange(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double p = params[i];
                if (first) {
                    x0[i] = p;
                }
                double g = wd > 0 ? TorchCpu.addAlpha(grad[i], wd, p) : grad[i];
                params[i] = TorchCpu.addAlpha(p, step, g);
            }
        });
        state.rbar[0] = rbar;
        state.bigG[0] = bigG;
        state.eta[0] = eta;
        state.advance();
    }


    /**
     * One read of a block [from, to) for DoG and L-DoG: {@code out[0]} ← Σ (θ_i − θ₀_i)², or Σ θ_i²
     * when {@code x0} is null, in torch.norm's order (sequential fused multiply-adds), and
     * {@code out[1]} ← Σ g′_i² of g′ = g + λθ (λ > 0) or g in torch's cascade order, each in fixed
     * chunks ({@link TorchCpu#chunked}). g′ is not stored: a chunk of it goes through this thread's
     * chunk buffer.
     */
    static void distanceAndGradientSquares(double[] params, double[] x0, double[] grad, double wd, int from, int to,
            double[] out) {
        // the distance's fma chains run in tiles, eight chunks interleaved (Parallel.tiledSums); Σg′²
        // takes torch's cascade over each chunk once its tiles are done (still in cache)
        Parallel.tiledSums(from, to, TorchCpu.FMA, (f, t, terms, at) -> {
            if (x0 == null) {
                System.arraycopy(params, f, terms, at, t - f);
            } else {
                for (int i = f; i < t; i++) {
                    terms[at + i - f] = params[i] - x0[i];
                }
            }
        }, 1, (f, t, o, at) -> {
            if (wd > 0) {
                double[] buf = TorchCpu.chunkBuffer();
                for (int i = f; i < t; i++) {
                    buf[i - f] = TorchCpu.addAlpha(grad[i], wd, params[i]);
                }
                o[at] = TorchCpu.cascade(buf, 0, t - f, TorchCpu.SQUARE);
            } else {
                o[at] = TorchCpu.cascade(grad, f, t - f, TorchCpu.SQUARE);
            }
        }, out);
    }

    /** State: θ₀ ({@code dog.x0}) and the scalars r̄, G, η ({@code dog.rbar}, {@code dog.G}, {@code dog.eta}). */
    public static final class State extends OptimizerState {
        /** θ₀, the parameters at the first step (the reference's init_buffer). */
        public final double[] x0;
        /** r̄, the largest distance from θ₀ so far (ρ(1 + ‖θ₀‖) at first). */
        public final double[] rbar;
        /** G, ε plus the sum of squared gradient norms. */
        public final double[] bigG;
        /** η, the step size of the last step. */
        public final double[] eta;
        final double[] perBlock;
        final double[] perBlockSq;
        final double[] two;

        State(ParamLayout layout) {
            super("dog", layout);
            int n = layout.size();
            x0 = buffer("x0", n);
            rbar = buffer("rbar", 1);
            bigG = buffer("G", 1);
            eta = buffer("eta", 1);
            perBlock = scratch(layout.blocks().size());
            perBlockSq = scratch(layout.blocks().size());
            two = scratch(2);
        }
    }
}
