package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * AdaBelief: Adam whose second moment tracks the squared prediction error (g − m)² instead of g²,
 * so the step is large where the gradient agrees with its running mean ("belief") and small where
 * it does not.
 *
 * <pre>
 *   t ← t + 1
 *   m ← (1 − β₁) g + β₁m                        (m₀ = 0)
 *   s ← (1 − β₂)(g − m)² + β₂s + ε̄               (s₀ = 0; the new m; ε̄ stays in s)
 *   m̂ = m / (1 − β₁ᵗ)                           (Nesterov: m̂ = β₁ m/(1 − β₁ᵗ⁺¹) + (1 − β₁) g/(1 − β₁ᵗ))
 *   ŝ = s / (1 − β₂ᵗ)
 *   u = m̂ / (√ŝ + ε) + λθ
 *   θ ← θ − ε_k u
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (Optax)</th></tr>
 *   <tr><td>ε_k (Optax {@code learning_rate})</td><td>{@code learningRate}</td><td>0.001 (Optax has none)</td></tr>
 *   <tr><td>β₁ ({@code b1})</td><td>{@code beta1}</td><td>0.9</td></tr>
 *   <tr><td>β₂ ({@code b2})</td><td>{@code beta2}</td><td>0.999</td></tr>
 *   <tr><td>ε ({@code eps})</td><td>{@code eps}</td><td>1e-16</td></tr>
 *   <tr><td>ε̄ ({@code eps_root})</td><td>{@code epsRoot}</td><td>1e-16</td></tr>
 *   <tr><td>λ ({@code weight_decay})</td><td>{@code weightDecay}</td><td>0 (Optax None: no decay)</td></tr>
 *   <tr><td></td><td>{@code nesterov}</td><td>false</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Optax {@code adabelief} operation for operation: {@code chain(scale_by_belief(b1, b2, eps,
 * eps_root, nesterov), add_decayed_weights(λ), scale_by_learning_rate(ε_k))}. ε̄ is added to s
 * <em>after</em> the average and is kept in the stored s, so it accumulates (s ← … + ε̄ each step);
 * ε is added outside the root of the bias-corrected ŝ. The weight decay is decoupled from the
 * moments and multiplied by ε_k (AdamW's form, applied to the update), with θ the parameters
 * before the step. The paper (Zhuang et al., Algorithm 2) adds its ε to s in the same place as
 * Optax's ε̄ (s ← β₂s + (1 − β₂)(g − m)² + ε); Optax's docstring notes the paper's values
 * ε = 1e-8, ε̄ = 0, which the golden case {@code adabelief.paper_eps_nesterov_wd} uses. Optax's
 * {@code nesterov=True} is the NAdam-style
 * look-ahead m̂ above (the gradient is still taken at θ). torch.optim has no AdaBelief; not in
 * Goodfellow (its relative is Adam, Algorithm 8.7).
 *
 * <h2>Memory</h2>
 * Two extra vectors of size n (m, s).
 *
 * <h2>References</h2>
 * J. Zhuang, T. Tang, Y. Ding, S. Tatikonda, N. Dvornek, X. Papademetris, J. S. Duncan,
 * "AdaBelief optimizer: Adapting stepsizes by the belief in observed gradients", NeurIPS 2020,
 * arXiv:2010.07468. Optax {@code optax.adabelief} and {@code optax.scale_by_belief}
 * ({@code optax/_src/alias.py}, {@code optax/_src/transform.py}, github.com/google-deepmind/optax at
 * commit {@code 2edbcbe2390da13983b92cbef94ac0460ecde1c5}).
 *
 * @param learningRate ε_k
 * @param beta1        β₁ in [0, 1)
 * @param beta2        β₂ in [0, 1)
 * @param eps          ε ≥ 0, outside the root
 * @param epsRoot      ε̄ ≥ 0, added to s every step
 * @param weightDecay  λ ≥ 0, decoupled, times ε_k
 * @param nesterov     Optax's Nesterov form of m̂
 * @see Adam
 * @see Yogi
 */
public record AdaBelief(Schedule learningRate, double beta1, double beta2, double eps, double epsRoot,
        double weightDecay, boolean nesterov) implements Optimizer<AdaBelief.State>, HasLearningRate {

    public AdaBelief {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("beta1", beta1);
        Hyper.unitInterval("beta2", beta2);
        Hyper.nonNegative("eps", eps);
        Hyper.nonNegative("epsRoot", epsRoot);
        Hyper.nonNegative("weightDecay", weightDecay);
    }

    /** Optax's defaults with learning rate ε. */
    public static AdaBelief of(double learningRate) {
        return new AdaBelief(Schedule.constant(learningRate), 0.9, 0.999, 1e-16, 1e-16, 0, false);
    }

    /** Defaults: ε_k = 0.001, β₁ = 0.9, β₂ = 0.999, ε = ε̄ = 1e-16, λ = 0, no Nesterov. */
    public static AdaBelief defaults() {
        return of(0.001);
    }

    public AdaBelief withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public AdaBelief withLearningRate(Schedule lr) {
        return new AdaBelief(lr, beta1, beta2, eps, epsRoot, weightDecay, nesterov);
    }

    public AdaBelief withBeta1(double b1) {
        return new AdaBelief(learningRate, b1, beta2, eps, epsRoot, weightDecay, nesterov);
    }

    public AdaBelief withBeta2(double b2) {
        return new AdaBelief(learningRate, beta1, b2, eps, epsRoot, weightDecay, nesterov);
    }

    public AdaBelief withEps(double e) {
        return new AdaBelief(learningRate, beta1, beta2, e, epsRoot, weightDecay, nesterov);
    }

    public AdaBelief withEpsRoot(double e) {
        return new AdaBelief(learningRate, beta1, beta2, eps, e, weightDecay, nesterov);
    }

    public AdaBelief withWeightDecay(double wd) {
        return new AdaBelief(learningRate, beta1, beta2, eps, epsRoot, wd, nesterov);
    }

    public AdaBelief withNesterov(boolean n) {
        return new AdaBelief(learningRate, beta1, beta2, eps, epsRoot, weightDecay, n);
    }

    @Override
    public String name() {
        return "adabelief";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        long t = state.step() + 1;
        double b1 = beta1;
        double b2 = beta2;
        double c1 = 1 - b1;
        double c2 = 1 - b2;
        double bc1 = 1 - Math.pow(b1, t);
        double bc1Next = 1 - Math.pow(b1, t + 1); // Nesterov only
        double bc2 = 1 - Math.pow(b2, t);
        double[] m = state.m;
        double[] s = state.s;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = grad[i];
                double mi = c1 * g + b1 * m[i];
                double e = g - mi;
                double si = c2 * (e * e) + b2 * s[i] + epsRoot;
                m[i] = mi;
                s[i] = si;
                double mHat = nesterov ? b1 * (mi / bc1Next) + c1 * (g / bc1) : mi / bc1;
                double u = mHat / (Math.sqrt(si / bc2) + eps);
                if (weightDecay != 0) {
                    u = u + weightDecay * params[i];
                }
                params[i] -= lr * u;
            }
        });
        state.advance();
    }

    /** State: m and s (keys {@code adabelief.m}, {@code adabelief.s}; Optax {@code mu}, {@code nu}). */
    public static final class State extends OptimizerState {
        /** m, the biased first moment. */
        public final double[] m;
        /** s, the biased average of (g − m)², with ε̄ added each step. */
        public final double[] s;

        State(ParamLayout layout) {
            super("adabelief", layout);
            m = buffer("m", layout.size());
            s = buffer("s", layout.size());
        }
    }
}
