package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * Adan (adaptive Nesterov momentum): Adam-like moments of the gradient, of the gradient difference
 * g − g_prev, and of the squared Nesterov-corrected gradient g + (1 − β₂)(g − g_prev).
 *
 * <pre>
 *   t ← t + 1
 *   Δ = g − g_prev                                (Δ = 0 at t = 1)
 *   m ← (1 − β₁) g + β₁m                          (m₀ = v₀ = n₀ = 0)
 *   v ← (1 − β₂) Δ + β₂v
 *   n ← (1 − β₃)(g + (1 − β₂)Δ)² + β₃n
 *   m̂ = m/(1 − β₁ᵗ);   v̂ = v/(1 − β₂ᵗ);   n̂ = n/(1 − β₃ᵗ)
 *   u = (m̂ + (1 − β₂) v̂) / (√(n̂ + ε̄) + ε) + λθ
 *   θ ← θ − ε_k u;   g_prev ← g
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (Optax)</th></tr>
 *   <tr><td>ε_k (Optax {@code learning_rate})</td><td>{@code learningRate}</td><td>0.001 (Optax has none)</td></tr>
 *   <tr><td>β₁ ({@code b1})</td><td>{@code beta1}</td><td>0.98</td></tr>
 *   <tr><td>β₂ ({@code b2})</td><td>{@code beta2}</td><td>0.92</td></tr>
 *   <tr><td>β₃ ({@code b3})</td><td>{@code beta3}</td><td>0.99</td></tr>
 *   <tr><td>ε ({@code eps})</td><td>{@code eps}</td><td>1e-8</td></tr>
 *   <tr><td>ε̄ ({@code eps_root})</td><td>{@code epsRoot}</td><td>1e-8 (the alias's; {@code scale_by_adan}'s is 0)</td></tr>
 *   <tr><td>λ ({@code weight_decay})</td><td>{@code weightDecay}</td><td>0</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Optax {@code adan} operation for operation: {@code chain(scale_by_adan(b1, b2, b3, eps,
 * eps_root), add_decayed_weights(λ), scale_by_learning_rate(ε_k))}. Optax's β's are the decay
 * factors of the averages (m ← (1 − β₁)g + β₁m with β₁ = 0.98); the paper writes the complements
 * (its β₁ = 0.02, β₂ = 0.08, β₃ = 0.01). Optax bias-corrects the three averages, sets the first
 * difference to 0 (the paper's v₁ = g₁ − g₀ needs a g₀), puts ε̄ inside and ε outside the root,
 * and adds the weight decay λθ to the update (decoupled, times ε_k), where the paper's
 * Algorithm 1 takes the proximal step θ ← (θ − η∘(m + (1 − β₂)v))/(1 + λη). torch.optim has no
 * Adan; not in Goodfellow (its relatives are Nesterov momentum, Algorithm 8.3, and Adam, 8.7).
 *
 * <h2>Memory</h2>
 * Four extra vectors of size n (m, v, n, g_prev).
 *
 * <h2>References</h2>
 * X. Xie, P. Zhou, H. Li, Z. Lin, S. Yan, "Adan: Adaptive Nesterov momentum algorithm for faster
 * optimizing deep models", IEEE TPAMI 2024, arXiv:2208.06677. Optax {@code optax.adan} and
 * {@code optax.scale_by_adan} ({@code optax/_src/alias.py}, {@code optax/_src/transform.py},
 * github.com/google-deepmind/optax at commit {@code 2edbcbe2390da13983b92cbef94ac0460ecde1c5}).
 *
 * @param learningRate ε_k
 * @param beta1        β₁ in [0, 1), decay of the gradient average
 * @param beta2        β₂ in [0, 1), decay of the difference average
 * @param beta3        β₃ in [0, 1), decay of the squared-term average
 * @param eps          ε ≥ 0, outside the root
 * @param epsRoot      ε̄ ≥ 0, inside the root
 * @param weightDecay  λ ≥ 0, decoupled, times ε_k
 * @see Adam
 * @see Nesterov
 */
public record Adan(Schedule learningRate, double beta1, double beta2, double beta3, double eps, double epsRoot,
        double weightDecay) implements Optimizer<Adan.State>, HasLearningRate {

    public Adan {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("beta1", beta1);
        Hyper.unitInterval("beta2", beta2);
        Hyper.unitInterval("beta3", beta3);
        Hyper.nonNegative("eps", eps);
        Hyper.nonNegative("epsRoot", epsRoot);
        Hyper.nonNegative("weightDecay", weightDecay);
    }

    /** Optax's defaults with learning rate ε. */
    public static Adan of(double learningRate) {
        return new Adan(Schedule.constant(learningRate), 0.98, 0.92, 0.99, 1e-8, 1e-8, 0);
    }

    /** Defaults: ε_k = 0.001, β = (0.98, 0.92, 0.99), ε = ε̄ = 1e-8, λ = 0. */
    public static Adan defaults() {
        return of(0.001);
    }

    public Adan withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public Adan withLearningRate(Schedule lr) {
        return new Adan(lr, beta1, beta2, beta3, eps, epsRoot, weightDecay);
    }

    public Adan withBetas(double b1, double b2, double b3) {
        return new Adan(learningRate, b1, b2, b3, eps, epsRoot, weightDecay);
    }

    public Adan withEps(double e) {
        return new Adan(learningRate, beta1, beta2, beta3, e, epsRoot, weightDecay);
    }

    public Adan withEpsRoot(double e) {
        return new Adan(learningRate, beta1, beta2, beta3, eps, e, weightDecay);
    }

    public Adan withWeightDecay(double wd) {
        return new Adan(learningRate, beta1, beta2, beta3, eps, epsRoot, wd);
    }

    @Override
    public String name() {
        return "adan";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    /** Elements per tile of the step's two loops. */
    private static final int TILE = 512;

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        long t = state.step() + 1;
        boolean first = t == 1;
        double c1 = 1 - beta1;
        double c2 = 1 - beta2;
        double c3 = 1 - beta3;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        double bc3 = 1 - Math.pow(beta3, t);
        double[] m = state.m;
        double[] v = state.v;
        double[] n = state.n;
        double[] prev = state.gPrev;
        double wd = weightDecay;
        double b1 = beta1;
        double b2 = beta2;
        double b3 = beta3;
        double er = epsRoot;
        double e = eps;
        Parallel.forRange(params.length, (from, to) -> {
            // two loops over tiles that stay in L1: C2 does not vectorize the one fused loop
            for (int tile = from; tile < to; tile += TILE) {
                int end = Math.min(to, tile + TILE);
                for (int i = tile; i < end; i++) {
                    double g = grad[i];
                    double diff = first ? 0 : g - prev[i];
                    double sq = g + c2 * diff;
                    m[i] = c1 * g + b1 * m[i];
                    v[i] = c2 * diff + b2 * v[i];
                    n[i] = c3 * (sq * sq) + b3 * n[i];
                    prev[i] = g;
                }
                for (int i = tile; i < end; i++) {
                    double u = (m[i] / bc1 + c2 * (v[i] / bc2)) / (Math.sqrt(n[i] / bc3 + er) + e);
                    if (wd != 0) {
                        u = u + wd * params[i];
                    }
                    params[i] -= lr * u;
                }
            }
        });
        state.advance();
    }

    /** State: m, v, n and the previous gradient (keys {@code adan.m}, {@code adan.v}, {@code adan.n}, {@code adan.g_prev}). */
    public static final class State extends OptimizerState {
        /** m, the biased gradient average. */
        public final double[] m;
        /** v, the biased average of gradient differences. */
        public final double[] v;
        /** n, the biased average of (g + (1 − β₂)Δ)². */
        public final double[] n;
        /** The gradient of the last step (Optax {@code g}); unused before the first step. */
        public final double[] gPrev;

        State(ParamLayout layout) {
            super("adan", layout);
            m = buffer("m", layout.size());
            v = buffer("v", layout.size());
            n = buffer("n", layout.size());
            gPrev = buffer("g_prev", layout.size());
        }
    }
}
