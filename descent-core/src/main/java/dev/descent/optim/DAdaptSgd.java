package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;

/**
 * D-Adaptation SGD: dual averaging whose step size d·ε/‖g₁‖ grows with a lower bound D on the
 * distance to the solution.
 *
 * <pre>
 *   ‖g₁‖ = √(Σ g₁ ⊙ g₁)                           (first step only, from the raw gradient)
 *   dlr = d·ε_k / ‖g₁‖
 *   g ← g + λθ                                    (L2 decay, from step 1 on)
 *   r ← r + dlr·⟨g, s⟩                             (with the previous s)
 *   s ← s + dlr·g
 *   d̂ = 2r / ‖s‖;   d ← max(d, min(d̂, γd))
 *   z = θ₀ − s
 *   θ ← (1 − c)θ + c·z,   c = 1 − μ
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (reference)</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>1.0</td></tr>
 *   <tr><td>μ</td><td>{@code momentum}</td><td>0</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td></tr>
 *   <tr><td>d₀</td><td>{@code d0}</td><td>1e-6</td></tr>
 *   <tr><td>γ</td><td>{@code growthRate}</td><td>∞</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Follows {@code dadaptation/dadapt_sgd.py} of github.com/facebookresearch/dadaptation at commit
 * {@code c984980213a989ff7cac1e3d68c19a2257bcd571} in its order of floating-point operations, for
 * one parameter group. Two reference quirks are kept: ‖g₁‖ ignores weight decay (the reference's
 * first-step {@code grad.add} is not in place), and "momentum" is the averaging of θ towards the
 * dual-averaging point z (μ = 0 gives θ = z). ‖g₁‖² and ‖s‖² are summed in torch's order (fixed
 * chunks, independent of threads); ⟨g, s⟩ is sequential, as torch's BLAS ddot is below 16 elements.
 * D, dlr and r are global over all blocks of the layout.
 *
 * <p>Beyond Goodfellow et al. ch. 8: SGD (Algorithm 8.1) in dual-averaging form with its learning
 * rate replaced by D/‖g₁‖.
 *
 * <h2>Memory</h2>
 * Three extra vectors of size n (s, z, θ₀), plus scalars and one work vector.
 *
 * <h2>Refused steps</h2>
 * A first gradient of zero (‖g₁‖ = 0, where the reference divides by zero) and a step that would
 * leave s = 0 are refused with nothing changed.
 *
 * <h2>References</h2>
 * A. Defazio, K. Mishchenko, "Learning-rate-free learning by D-Adaptation", ICML 2023,
 * arXiv:2301.07733.
 *
 * @param learningRate ε_k, multiplies D (1 for the parameter-free method)
 * @param momentum     μ in [0, 1)
 * @param weightDecay  λ ≥ 0, L2 penalty added to g
 * @param d0           d₀ &gt; 0, the initial D
 * @param growthRate   γ &gt; 0 (may be ∞), the largest factor D grows by per step
 * @see DAdaptAdam
 */
public record DAdaptSgd(Schedule learningRate, double momentum, double weightDecay, double d0, double growthRate)
        implements Optimizer<DAdaptSgd.State>, HasLearningRate {

    public DAdaptSgd {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("momentum", momentum);
        Hyper.nonNegative("weightDecay", weightDecay);
        Hyper.positive("d0", d0);
        if (!(growthRate > 0)) {
            throw new IllegalArgumentException("growthRate = " + growthRate + " must be > 0 (Infinity for no cap)");
        }
    }

    /** The reference defaults: lr 1, momentum 0, no decay, d₀ 1e-6, no growth cap. */
    public static DAdaptSgd defaults() {
        return new DAdaptSgd(Schedule.constant(1.0), 0, 0, 1e-6, Double.POSITIVE_INFINITY);
    }

    public DAdaptSgd withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public DAdaptSgd withLearningRate(Schedule lr) {
        return new DAdaptSgd(lr, momentum, weightDecay, d0, growthRate);
    }

    public DAdaptSgd withMomentum(double mu) {
        return new DAdaptSgd(learningRate, mu, weightDecay, d0, growthRate);
    }

    public DAdaptSgd withWeightDecay(double lambda) {
        return new DAdaptSgd(learningRate, momentum, lambda, d0, growthRate);
    }

    public DAdaptSgd withD0(double d) {
        return new DAdaptSgd(learningRate, momentum, weightDecay, d, growthRate);
    }

    public DAdaptSgd withGrowthRate(double g) {
        return new DAdaptSgd(learningRate, momentum, weightDecay, d0, g);
    }

    @Override
    public String name() {
        return "dadapt_sgd";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout, d0);
    }

    /**
     * One step. {@code params} and {@code state} are modified, {@code grad} is not.
     *
     * @throws IllegalArgumentException for a bad step; then nothing was changed
     */
    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        int n = params.length;
        long k = (long) state.k[0];
        if (lr == 0) {
            // the reference changes nothing at lr 0; the step still counts for the schedule
            state.advance();
            return;
        }
        double g0Norm = state.g0Norm[0];
        if (k == 0) {
            // raw gradient: the reference's first-step decay is not in place
            g0Norm = Math.sqrt(TorchCpu.sumSquares(grad, 0, n));
            if (g0Norm == 0) {
                throw new IllegalArgumentException(name() + ": the first gradient is zero (‖g₁‖ = 0), so the step size "
                        + "d·lr/‖g₁‖ is undefined; nothing was changed");
            }
        }
        double d = state.d[0];
        double dlr = d * lr / g0Norm;
        double[] g = state.work;
        for (int i = 0; i < n; i++) {
            g[i] = weightDecay != 0 ? TorchCpu.addAlpha(grad[i], weightDecay, params[i]) : grad[i];
        }
        double[] s = state.s;
        double dot = 0;
        for (int i = 0; i < n; i++) {
            dot += g[i] * s[i];
        }
        double deltaNumerator = 0.0 + dlr * dot;
        // s + dlr·g goes into the work vector first, so a refused step leaves s as it was
        for (int i = 0; i < n; i++) {
            g[i] = TorchCpu.addAlpha(s[i], dlr, g[i]);
        }
        double skSq = TorchCpu.sumSquares(g, 0, n);
        if (skSq == 0) {
            throw new IllegalArgumentException(name() + ": s = 0 after step " + (state.step() + 1)
                    + ", so d̂ = 2r/‖s‖ is undefined; nothing was changed");
        }
        double numerator = state.numeratorWeighted[0] + deltaNumerator;
        double dHat = 2 * numerator / Math.sqrt(skSq);
        double dNew = Math.max(d, Math.min(dHat, d * growthRate));
        if (k == 0) {
            System.arraycopy(params, 0, state.x0, 0, n);
        }
        System.arraycopy(g, 0, s, 0, n);
        double ck = 1 - momentum;
        double keep = 1 - ck;
        double[] z = state.z;
        double[] x0 = state.x0;
        for (int i = 0; i < n; i++) {
            z[i] = x0[i] - s[i];
            params[i] = TorchCpu.addAlpha(params[i] * keep, ck, z[i]);
        }
        state.g0Norm[0] = g0Norm;
        state.numeratorWeighted[0] = numerator;
        state.dUsed[0] = d;
        state.d[0] = dNew;
        state.k[0] = k + 1;
        state.advance();
    }

    /**
     * State: s, z, θ₀ (keys {@code dadapt_sgd.s}, {@code .z}, {@code .x0}) and the reference group's
     * scalars d, numerator_weighted, g0_norm, k, plus d_used, the D of the last step.
     */
    public static final class State extends OptimizerState {
        /** s, the dlr-weighted sum of gradients. */
        public final double[] s;
        /** z = θ₀ − s, the dual-averaging point. */
        public final double[] z;
        /** θ₀, the parameters at the first step. */
        public final double[] x0;
        /** D, the current estimate (starts at d₀). */
        public final double[] d;
        /** r, the numerator of d̂. */
        public final double[] numeratorWeighted;
        /** ‖g₁‖, fixed by the first step. */
        public final double[] g0Norm;
        /** The D the last step used; not read by the update. */
        public final double[] dUsed;
        /** k, the number of steps taken (0 before the first). */
        public final double[] k;
        final double[] work;

        State(ParamLayout layout, double d0) {
            super("dadapt_sgd", layout);
            int n = layout.size();
            s = buffer("s", n);
            z = buffer("z", n);
            x0 = buffer("x0", n);
            d = buffer("d", 1);
            numeratorWeighted = buffer("numerator_weighted", 1);
            g0Norm = buffer("g0_norm", 1);
            dUsed = buffer("d_used", 1);
            k = integer("k", 0, 1L << 53);
            work = scratch(n);
            d[0] = d0;
        }
    }
}
