package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * NAdam: Adam with Nesterov momentum, using a warming-up momentum schedule μ_t.
 *
 * <pre>
 *   t ← t + 1
 *   g ← g + λθ                                  (only when λ &gt; 0: coupled L2, torch's weight_decay)
 *   μ_t = β₁ (1 − ½ · 0.96^(t ψ));   μ_{t+1} = β₁ (1 − ½ · 0.96^((t+1) ψ))
 *   Π_t = Π_{t−1} · μ_t                          (Π₀ = 1; the state's mu_product)
 *   m ← β₁m + (1 − β₁) g                         (m₀ = 0)
 *   n ← β₂n + (1 − β₂) g ⊙ g                     (n₀ = 0)
 *   d = √(n / (1 − β₂ᵗ)) + δ
 *   θ ← θ − ε_k (1 − μ_t)/(1 − Π_t) · g / d − ε_k μ_{t+1}/(1 − Π_t μ_{t+1}) · m / d
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (torch)</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>0.002</td></tr>
 *   <tr><td>β₁</td><td>{@code beta1}</td><td>0.9</td></tr>
 *   <tr><td>β₂</td><td>{@code beta2}</td><td>0.999</td></tr>
 *   <tr><td>δ</td><td>{@code eps}</td><td>1e-8</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td></tr>
 *   <tr><td>ψ</td><td>{@code momentumDecay}</td><td>0.004</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * torch.optim {@code NAdam} as documented and as computed by torch ≥ 2.0: the second bias
 * correction uses Π_t·μ_{t+1}. torch 1.13 as shipped used Π_t·μ_t·μ_{t+1}, counting μ_t twice
 * (fixed by pytorch PR #92699); this class does not reproduce that bug. δ is added outside the
 * root of the bias-corrected second moment, as in {@link Adam}. The product Π_t is a scalar state
 * kept as a one-element buffer, so that it is saved, copied and restored with the rest. Optax
 * {@code nadam} is Adam with {@code nesterov=True}: a constant μ = β₁ and no warm-up schedule, so
 * it differs. Dozat's paper writes the same warm-up with ψ = 0.004. {@code weightDecay} is torch's
 * coupled L2. Not in Goodfellow, whose Nesterov momentum (§8.3.3, Algorithm 8.3) and Adam
 * (Algorithm 8.7) it combines.
 *
 * <h2>Memory</h2>
 * Two extra vectors of size n (m, n) and one scalar (Π).
 *
 * <h2>References</h2>
 * T. Dozat, "Incorporating Nesterov momentum into Adam", ICLR 2016 workshop track. Goodfellow, Bengio, Courville, <i>Deep
 * Learning</i>, MIT Press 2016, §8.3.3 (Algorithm 8.3) and §8.5.3 (Algorithm 8.7). pytorch PR #92699
 * (the μ-product fix).
 *
 * @param learningRate  ε_k
 * @param beta1         β₁ in [0, 1)
 * @param beta2         β₂ in [0, 1)
 * @param eps           δ ≥ 0
 * @param weightDecay   λ ≥ 0, coupled L2
 * @param momentumDecay ψ ≥ 0, the speed of the momentum warm-up
 * @see Adam
 * @see Nesterov
 * @see AdamW
 * @see RAdam
 */
public record NAdam(Schedule learningRate, double beta1, double beta2, double eps, double weightDecay,
        double momentumDecay) implements Optimizer<NAdam.State>, HasLearningRate {

    public NAdam {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("beta1", beta1);
        Hyper.unitInterval("beta2", beta2);
        Hyper.nonNegative("eps", eps);
        Hyper.nonNegative("weightDecay", weightDecay);
        Hyper.nonNegative("momentumDecay", momentumDecay);
    }

    /** torch defaults with learning rate ε. */
    public static NAdam of(double learningRate) {
        return new NAdam(Schedule.constant(learningRate), 0.9, 0.999, 1e-8, 0, 0.004);
    }

    /** torch.optim {@code NAdam()} defaults: lr = 0.002, betas = (0.9, 0.999), eps = 1e-8, momentum_decay = 0.004. */
    public static NAdam defaults() {
        return of(0.002);
    }

    public NAdam withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public NAdam withLearningRate(Schedule lr) {
        return new NAdam(lr, beta1, beta2, eps, weightDecay, momentumDecay);
    }

    public NAdam withBeta1(double b1) {
        return new NAdam(learningRate, b1, beta2, eps, weightDecay, momentumDecay);
    }

    public NAdam withBeta2(double b2) {
        return new NAdam(learningRate, beta1, b2, eps, weightDecay, momentumDecay);
    }

    public NAdam withEps(double e) {
        return new NAdam(learningRate, beta1, beta2, e, weightDecay, momentumDecay);
    }

    public NAdam withWeightDecay(double wd) {
        return new NAdam(learningRate, beta1, beta2, eps, wd, momentumDecay);
    }

    public NAdam withMomentumDecay(double psi) {
        return new NAdam(learningRate, beta1, beta2, eps, weightDecay, psi);
    }

    @Override
    public String name() {
        return "nadam";
    }

    @Override
    public State init(ParamLayout layout) {
        State s = new State(layout);
        s.muProduct[0] = 1;
        return s;
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        long t = state.step() + 1;
        double b1 = beta1;
        double b2 = beta2;
        double c1 = 1 - b1;
        double c2 = 1 - b2;
        double bc2 = 1 - Math.pow(b2, t);
        double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));
        double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * momentumDecay));
        double product = state.muProduct[0] * mu;
        double gradStep = lr * (1 - mu) / (1 - product);
        double momentumStep = lr * muNext / (1 - product * muNext);
        double wd = weightDecay;
        double d = eps;
        double[] m = state.m;
        double[] n = state.n;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = wd == 0 ? grad[i] : grad[i] + wd * params[i];
                double mi = b1 * m[i] + c1 * g;
                double ni = b2 * n[i] + c2 * (g * g);
                m[i] = mi;
                n[i] = ni;
                double denom = Math.sqrt(ni / bc2) + d;
                double p = params[i] - gradStep * (g / denom);
                params[i] = p - momentumStep * (mi / denom);
            }
        });
        state.muProduct[0] = product;
        state.advance();
    }

    /** State: m, n and Π, keys {@code nadam.m}, {@code nadam.v}, {@code nadam.mu_product}. */
    public static final class State extends OptimizerState {
        /** m, the biased first moment (torch {@code exp_avg}). */
        public final double[] m;
        /** n, the biased second moment (torch {@code exp_avg_sq}). */
        public final double[] n;
        /** Π_t = μ_1⋯μ_t in element 0 (torch {@code mu_product}); 1 before the first step. */
        public final double[] muProduct;

        State(ParamLayout layout) {
            super("nadam", layout);
            m = buffer("m", layout.size());
            n = buffer("v", layout.size());
            muProduct = buffer("mu_product", 1);
        }
    }
}
