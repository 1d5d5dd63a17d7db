package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * D-Adaptation Adam: Adam whose step size is a lower bound D on the distance to the solution,
 * estimated from the iterates and grown from d₀.
 *
 * <pre>
 *   dlr = d·ε_k·c_k,   c_k = √(1 − β₂^(k+1)) / (1 − β₁^(k+1))   (c_k = 1 without bias correction)
 *   g ← g + λθ                                   (only when λ &gt; 0 and not decoupled)
 *   a = dlr · ⟨g, s / (√v + δ)⟩                   (with the previous s and v)
 *   m ← β₁m + dlr(1 − β₁) g                       (dlr is folded into m)
 *   v ← β₂v + (1 − β₂) g ⊙ g
 *   s ← √β₂ s + dlr(1 − √β₂) g
 *   r ← √β₂ r + (1 − √β₂) a
 *   d̂ = r / ((1 − √β₂) ‖s‖₁);   d ← max(d, min(d̂, γd))
 *   θ ← θ(1 − λ·dlr)                             (only when λ &gt; 0 and decoupled)
 *   θ ← θ − m / (√v + δ)
 * </pre>
 *
 * If ‖s‖₁ = 0 (no gradient yet) the step changes nothing but the moments and is not counted, as in
 * the reference.
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (reference)</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>1.0</td></tr>
 *   <tr><td>β₁</td><td>{@code beta1}</td><td>0.9</td></tr>
 *   <tr><td>β₂</td><td>{@code beta2}</td><td>0.999</td></tr>
 *   <tr><td>δ</td><td>{@code eps}</td><td>1e-8</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td></tr>
 *   <tr><td></td><td>{@code decouple}</td><td>false</td></tr>
 *   <tr><td></td><td>{@code useBiasCorrection}</td><td>false</td></tr>
 *   <tr><td>d₀</td><td>{@code d0}</td><td>1e-6</td></tr>
 *   <tr><td>γ</td><td>{@code growthRate}</td><td>∞</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Follows {@code dadaptation/dadapt_adam.py} of github.com/facebookresearch/dadaptation at commit
 * {@code c984980213a989ff7cac1e3d68c19a2257bcd571} line by line, in its order of floating-point
 * operations, for one parameter group with {@code layer_scale = 1}; ⟨g, s/(√v + δ)⟩ is a
 * sequential sum (BLAS ddot) and ‖s‖₁ is summed in torch's order.
 *
 * <p>Beyond Goodfellow et al. ch. 8: Adam (Algorithm 8.7) with its learning rate ε replaced by
 * the running estimate D; ε_k stays as a multiplier (1 for the parameter-free method).
 *
 * <h2>Memory</h2>
 * Three extra vectors of size n (s, m, v), plus scalars.
 *
 * <h2>References</h2>
 * A. Defazio, K. Mishchenko, "Learning-rate-free learning by D-Adaptation", ICML 2023,
 * arXiv:2301.07733.
 *
 * @param learningRate      ε_k, multiplies D (1 for the parameter-free method)
 * @param beta1             β₁ in [0, 1)
 * @param beta2             β₂ in [0, 1)
 * @param eps               δ &gt; 0
 * @param weightDecay       λ ≥ 0
 * @param decouple          decoupled (AdamW-style) decay rather than L2 added to g
 * @param useBiasCorrection multiply dlr by Adam's bias correction
 * @param d0                d₀ &gt; 0, the initial D
 * @param growthRate        γ &gt; 0 (may be ∞), the largest factor D grows by per step
 * @see Prodigy
 */
public record DAdaptAdam(Schedule learningRate, double beta1, double beta2, double eps, double weightDecay,
        boolean decouple, boolean useBiasCorrection, double d0, double growthRate)
        implements Optimizer<DAdaptAdam.State>, HasLearningRate {

    public DAdaptAdam {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("beta1", beta1);
        Hyper.unitInterval("beta2", beta2);
        Hyper.positive("eps", eps);
        Hyper.nonNegative("weightDecay", weightDecay);
        Hyper.positive("d0", d0);
        if (!(growthRate > 0)) {
            throw new IllegalArgumentException("growthRate = " + growthRate + " must be > 0 (Infinity for no cap)");
        }
    }

    /** The reference defaults: lr 1, betas (0.9, 0.999), eps 1e-8, coupled decay 0, d₀ 1e-6, no growth cap. */
    public static DAdaptAdam defaults() {
        return new DAdaptAdam(Schedule.constant(1.0), 0.9, 0.999, 1e-8, 0, false, false, 1e-6,
                Double.POSITIVE_INFINITY);
    }

    public DAdaptAdam withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public DAdaptAdam withLearningRate(Schedule lr) {
        return new DAdaptAdam(lr, beta1, beta2, eps, weightDecay, decouple, useBiasCorrection, d0, growthRate);
    }

    public DAdaptAdam withGrowthRate(double g) {
        return new DAdaptAdam(learningRate, beta1, beta2, eps, weightDecay, decouple, useBiasCorrection, d0, g);
    }

    @Override
    public String name() {
        return "dadapt_adam";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout, d0);
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        int n = params.length;
        double b1 = beta1;
        double b2 = beta2;
        long k = (long) state.k[0];
        double d = state.d[0];
        double dUsed = d;
        double biasCorrection = useBiasCorrection
                ? Math.pow(1 - Math.pow(b2, k + 1), 0.5) / (1 - Math.pow(b1, k + 1)) : 1;
        double dlr = d * lr * biasCorrection;
        // beta2**0.5 in the reference: a correctly rounded pow, which is the correctly rounded √
        double sqrtBeta2 = Math.sqrt(b2);
        boolean coupled = weightDecay != 0 && !decouple;
        double[] m = state.m;
        double[] v = state.v;
        double[] s = state.s;
        double mAlpha = dlr * (1 - b1);
        double vValue = 1 - b2;
        double sAlpha = dlr * (1 - sqrtBeta2);
        double wd = weightDecay;
        double e = eps;
        double[] sums = state.sums;
        // one pass: per element the numerator's term s/(√v + δ) with the old v and s, then the
        // updates; per chunk that dot product (sequential) and ‖s‖₁ of the new s (torch's cascade,
        // TorchCpu.chunked) while the chunk is in cache; Parallel.tiledSums adds the chunks in order
        // (the dot products of eight chunks as independent chains)
        Parallel.tiledSums(0, n, PLUS, (from, to, terms, at) -> {
            for (int i = from; i < to; i++) {
                double g = coupled ? grad[i] + wd * params[i] : grad[i];
                terms[at + i - from] = g * (s[i] / (Math.sqrt(v[i]) + e));
                m[i] = TorchCpu.addAlpha(m[i] * b1, mAlpha, g);
                v[i] = v[i] * b2 + vValue * g * g;
                s[i] = TorchCpu.addAlpha(s[i] * sqrtBeta2, sAlpha, g);
            }
        }, 1, (from, to, out, at) -> out[at] = TorchCpu.cascade(s, from, to - from, TorchCpu.ABS), sums);
        double numeratorAcum = dlr * sums[0];
        double skL1 = sums[1];
        if (skL1 == 0) {
            return; // no progress possible yet; the reference returns before counting the step
        }
        double numeratorWeighted = sqrtBeta2 * state.numeratorWeighted[0] + (1 - sqrtBeta2) * numeratorAcum;
        double dHat = numeratorWeighted / ((1 - sqrtBeta2) * skL1);
        d = Math.max(d, Math.min(dHat, d * growthRate));
        state.numeratorWeighted[0] = numeratorWeighted;
        state.d[0] = d;
        state.dUsed[0] = dUsed;
        double decoupledAlpha = -weightDecay * dlr;
        boolean decoupled = weightDecay != 0 && decouple;
        Parallel.forRange(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double denom = Math.sqrt(v[i]) + e;
                if (decoupled) {
                    params[i] = params[i] + decoupledAlpha * params[i];
                }
                params[i] = params[i] - m[i] / denom;
            }
        });
        state.k[0] = k + 1;
        state.advance();
    }

    private static final int[] PLUS = {Parallel.PLUS};

    /**
     * State: s, m, v (keys {@code dadapt_adam.s}, {@code dadapt_adam.m}, {@code dadapt_adam.v}; m
     * holds dlr-scaled momentum) and the scalars d, numerator_weighted, k of the reference's
     * parameter group, plus d_used, the D of the last counted step.
     */
    public static final class State extends OptimizerState {
        /** s, the dlr-weighted average of gradients. */
        public final double[] s;
        /** m, the first moment with dlr folded in. */
        public final double[] m;
        /** v, the second moment. */
        public final double[] v;
        /** D, the current estimate (starts at d₀). */
        public final double[] d;
        /** r, the weighted numerator of d̂. */
        public final double[] numeratorWeighted;
        /** The D the last counted step used (its step size is d_used·ε); not read by the update. */
        public final double[] dUsed;
        /** k, the number of counted steps. */
        public final double[] k;
        final double[] sums;

        State(ParamLayout layout, double d0) {
            super("dadapt_adam", layout);
            int n = layout.size();
            s = buffer("s", n);
            m = buffer("m", n);
            v = buffer("v", n);
            d = buffer("d", 1);
            numeratorWeighted = buffer("numerator_weighted", 1);
            dUsed = buffer("d_used", 1);
            k = integer("k", 0, 1L << 53);
            sums = new double[2];
            d[0] = d0;
        }
    }
}
