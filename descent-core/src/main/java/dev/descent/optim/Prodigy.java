package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * Prodigy: Adam whose step size is an estimate D of the distance to the solution, grown from d₀.
 *
 * <pre>
 *   dlr = d·ε_k·c_k,   c_k = √(1 − β₂^(k+1)) / (1 − β₁^(k+1))   (c_k = 1 without bias correction)
 *   g ← g + λθ                                   (only when λ &gt; 0 and not decoupled)
 *   m ← β₁m + d(1 − β₁) g
 *   v ← β₂v + d²(1 − β₂) g ⊙ g
 *   s ← β₃s + (d/d₀)·dlr·g                       ((d/d₀)·d with safeguard warm-up)
 *   r ← β₃r + (d/d₀)·dlr·⟨g, θ₀ − θ⟩
 *   d̂ = d_coef · r / ‖s‖₁
 *   d ← max(d, d̂) if d = d₀;   d_max ← max(d_max, d̂);   d ← min(d_max, γd)
 *   θ ← θ(1 − λ·dlr)                             (only when λ &gt; 0 and decoupled)
 *   θ ← θ − dlr · m / (√v + d·δ)                  (the new d in the denominator, the old dlr as step)
 * </pre>
 *
 * With β₁ = 0 there is no m and the step is θ ← θ − dlr·d·g/(√v + d·δ). If ‖s‖₁ = 0 (no gradient
 * yet) the step changes nothing but the moments and is not counted, as in the reference.
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (reference)</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>1.0</td></tr>
 *   <tr><td>β₁</td><td>{@code beta1}</td><td>0.9</td></tr>
 *   <tr><td>β₂</td><td>{@code beta2}</td><td>0.999</td></tr>
 *   <tr><td>β₃</td><td>{@code beta3}</td><td>NaN, meaning √β₂ (the reference's None)</td></tr>
 *   <tr><td>δ</td><td>{@code eps}</td><td>1e-8</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td></tr>
 *   <tr><td></td><td>{@code decouple}</td><td>true</td></tr>
 *   <tr><td></td><td>{@code useBiasCorrection}</td><td>false</td></tr>
 *   <tr><td></td><td>{@code safeguardWarmup}</td><td>false</td></tr>
 *   <tr><td>d₀</td><td>{@code d0}</td><td>1e-6</td></tr>
 *   <tr><td>d_coef</td><td>{@code dCoef}</td><td>1.0</td></tr>
 *   <tr><td>γ</td><td>{@code growthRate}</td><td>∞</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Follows {@code prodigyopt/prodigy.py} of github.com/konstmish/prodigy at commit
 * {@code 3efb213ee8af5a6bf76f28726398433a847b38e9} line by line, in its order of floating-point
 * operations, for one parameter group with {@code slice_p = 1}; ⟨g, θ₀ − θ⟩ is a sequential
 * sum (BLAS ddot) and ‖s‖₁ is summed in torch's order. θ₀ is the point of the first counted step.
 *
 * <p>Beyond Goodfellow et al. ch. 8: Adam (Algorithm 8.7) with its learning rate ε replaced by
 * the running estimate D; ε_k stays as a multiplier (1 for the parameter-free method).
 *
 * <h2>Memory</h2>
 * Four extra vectors of size n (θ₀, s, m, v), plus scalars.
 *
 * <h2>References</h2>
 * K. Mishchenko, A. Defazio, "Prodigy: An expeditiously adaptive parameter-free learner",
 * ICML 2024, arXiv:2306.06101.
 *
 * @param learningRate      ε_k, multiplies D (1 for the parameter-free method)
 * @param beta1             β₁ in [0, 1)
 * @param beta2             β₂ in [0, 1)
 * @param beta3             β₃ in [0, 1], or NaN for √β₂
 * @param eps               δ &gt; 0
 * @param weightDecay       λ ≥ 0
 * @param decouple          decoupled (AdamW-style) decay rather than L2 added to g
 * @param useBiasCorrection multiply dlr by Adam's bias correction
 * @param safeguardWarmup   use d instead of dlr in s (avoids a too-large D during a warm-up)
 * @param d0                d₀ &gt; 0, the initial D
 * @param dCoef             d_coef &gt; 0, multiplies the estimate d̂
 * @param growthRate        γ &gt; 0 (may be ∞), the largest factor D grows by per step
 * @see DAdaptAdam
 */
public record Prodigy(Schedule learningRate, double beta1, double beta2, double beta3, double eps,
        double weightDecay, boolean decouple, boolean useBiasCorrection, boolean safeguardWarmup, double d0,
        double dCoef, double growthRate) implements Optimizer<Prodigy.State>, HasLearningRate {

    public Prodigy {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("beta1", beta1);
        Hyper.unitInterval("beta2", beta2);
        if (!Double.isNaN(beta3)) {
            Hyper.closedUnitInterval("beta3", beta3);
        }
        Hyper.positive("eps", eps);
        Hyper.nonNegative("weightDecay", weightDecay);
        Hyper.positive("d0", d0);
        Hyper.positive("dCoef", dCoef);
        if (!(growthRate > 0)) {
            throw new IllegalArgumentException("growthRate = " + growthRate + " must be > 0 (Infinity for no cap)");
        }
    }

    /** The reference defaults: lr 1, betas (0.9, 0.999), β₃ = √β₂, eps 1e-8, d₀ 1e-6, no growth cap. */
    public static Prodigy defaults() {
        return new Prodigy(Schedule.constant(1.0), 0.9, 0.999, Double.NaN, 1e-8, 0, true, false, false, 1e-6, 1.0,
                Double.POSITIVE_INFINITY);
    }

    public Prodigy withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public Prodigy withLearningRate(Schedule lr) {
        return new Prodigy(lr, beta1, beta2, beta3, eps, weightDecay, decouple, useBiasCorrection, safeguardWarmup,
                d0, dCoef, growthRate);
    }

    public Prodigy withD0(double d) {
        return new Prodigy(learningRate, beta1, beta2, beta3, eps, weightDecay, decouple, useBiasCorrection,
                safeguardWarmup, d, dCoef, growthRate);
    }

    public Prodigy withGrowthRate(double g) {
        return new Prodigy(learningRate, beta1, beta2, beta3, eps, weightDecay, decouple, useBiasCorrection,
                safeguardWarmup, d0, dCoef, g);
    }

    @Override
    public String name() {
        return "prodigy";
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
        double b3 = Double.isNaN(beta3) ? Math.sqrt(b2) : beta3;
        long k = (long) state.k[0];
        double d = state.d[0];
        double dUsed = d;
        double dMax = state.dMax[0];
        double biasCorrection = useBiasCorrection
                ? Math.pow(1 - Math.pow(b2, k + 1), 0.5) / (1 - Math.pow(b1, k + 1)) : 1;
        double dlr = d * lr * biasCorrection;
        double dNumerator = state.dNumerator[0] * b3;
        boolean coupled = weightDecay != 0 && !decouple;
        double[] m = state.m;
        double[] v = state.v;
        double[] s = state.s;
        double[] p0 = state.p0;
        if (k == 0) {
            // θ₀: until a step is counted θ has not moved, so taking it again gives the same bits
            System.arraycopy(params, 0, p0, 0, n);
        }
        double deltaScale = d / d0 * dlr;
        double mAlpha = d * (1 - b1);
        double vValue = d * d * (1 - b2);
        double sAlpha = safeguardWarmup ? d / d0 * d : d / d0 * dlr;
        double wd = weightDecay;
        double[] sums = state.sums;
        // one pass: the moments, and per chunk the dot product with the old θ₀ − θ (torch.dot's
        // sequential order) and ‖s‖₁ of the new s (torch's cascade order, TorchCpu.chunked), while
        // the chunk is in cache; Parallel.tiledSums adds the chunks in order
        // (the dot products of eight chunks as independent chains)
        Parallel.tiledSums(0, n, PLUS, (from, to, terms, at) -> {
            for (int i = from; i < to; i++) {
                double g = coupled ? grad[i] + wd * params[i] : grad[i];
                terms[at + i - from] = g * (p0[i] - params[i]);
                if (b1 > 0) {
                    m[i] = TorchCpu.addAlpha(m[i] * b1, mAlpha, g);
                }
                v[i] = v[i] * b2 + vValue * g * g;
                s[i] = TorchCpu.addAlpha(s[i] * b3, sAlpha, g);
            }
        }, 1, (from, to, out, at) -> out[at] = TorchCpu.cascade(s, from, to - from, TorchCpu.ABS), sums);
        double deltaNumerator = deltaScale * sums[0];
        double dDenom = sums[1];
        if (dDenom == 0) {
            return; // no progress possible yet; the reference returns before counting the step
        }
        double globalNumerator = dNumerator + deltaNumerator;
        double dHat = dCoef * globalNumerator / dDenom;
        if (d == d0) {
            d = Math.max(d, dHat);
        }
        dMax = Math.max(dMax, dHat);
        d = Math.min(dMax, d * growthRate);
        state.dNumerator[0] = globalNumerator;
        state.dDenom[0] = dDenom;
        state.d[0] = d;
        state.dMax[0] = dMax;
        state.dHat[0] = dHat;
        state.dUsed[0] = dUsed;
        double decoupledAlpha = -weightDecay * dlr;
        double dEps = d * eps;
        double dlrFinal = dlr;
        double dNew = d;
        boolean decoupled = weightDecay != 0 && decouple;
        Parallel.forRange(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double denom = Math.sqrt(v[i]) + dEps;
                if (decoupled) {
                    params[i] = params[i] + decoupledAlpha * params[i];
                }
                if (b1 > 0) {
                    params[i] = params[i] + -dlrFinal * m[i] / denom; // torch addcdiv: (value·t1)/t2
                } else {
                    double g = coupled ? grad[i] + wd * params[i] : grad[i];
                    params[i] = params[i] + -dlrFinal * dNew * g / denom;
                }
            }
        });
        state.k[0] = k + 1;
        state.advance();
    }

    private static final int[] PLUS = {Parallel.PLUS};

    /**
     * State: θ₀, s, m, v (keys {@code prodigy.p0}, {@code prodigy.s}, {@code prodigy.m},
     * {@code prodigy.v}) and the scalars d, d_max, d_numerator, d_denom, d_hat, k of the
     * reference's parameter group, plus d_used, the D of the last counted step.
     */
    public static final class State extends OptimizerState {
        /** θ₀, the point of the first step. */
        public final double[] p0;
        /** s, the weighted sum of gradients. */
        public final double[] s;
        /** m, the first moment (scaled by d); unused when β₁ = 0. */
        public final double[] m;
        /** v, the second moment (scaled by d²). */
        public final double[] v;
        /** D, the current estimate (starts at d₀). */
        public final double[] d;
        /** The largest d̂ so far (starts at d₀). */
        public final double[] dMax;
        /** r, the numerator of d̂. */
        public final double[] dNumerator;
        /** ‖s‖₁ of the last step. */
        public final double[] dDenom;
        /** d̂ of the last step (d₀ before one). */
        public final double[] dHat;
        /** The D the last counted step used (its step size is d_used·ε); not read by the update. */
        public final double[] dUsed;
        /** k, the number of counted steps. */
        public final double[] k;
        final double[] sums;

        State(ParamLayout layout, double d0) {
            super("prodigy", layout);
            int n = layout.size();
            p0 = buffer("p0", n);
            s = buffer("s", n);
            m = buffer("m", n);
            v = buffer("v", n);
            d = buffer("d", 1);
            dMax = buffer("d_max", 1);
            dNumerator = buffer("d_numerator", 1);
            dDenom = buffer("d_denom", 1);
            dHat = buffer("d_hat", 1);
            dUsed = buffer("d_used", 1);
            k = integer("k", 0, 1L << 53);
            sums = new double[2];
            d[0] = d0;
            dMax[0] = d0;
            dHat[0] = d0;
        }
    }
}
