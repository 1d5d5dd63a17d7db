package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * Adamax: Adam with the second moment replaced by an exponentially weighted infinity norm.
 *
 * <pre>
 *   t ← t + 1
 *   g ← g + λθ                                  (only when λ &gt; 0: coupled L2, torch's weight_decay)
 *   m ← β₁m + (1 − β₁) g                         (m₀ = 0)
 *   u ← max(β₂u, |g| + δ)                        (u₀ = 0; δ inside the max)
 *   θ ← θ − ε_k/(1 − β₁ᵗ) · m / u
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
 * </table>
 *
 * <h2>Conventions</h2>
 * torch.optim {@code Adamax} (1.13): δ sits <em>inside</em> the maximum, u = max(β₂u, |g| + δ),
 * so u ≥ δ and the division is safe for any δ &gt; 0. Optax {@code adamax} does the same
 * ({@code tree_update_infinity_moment}: max(|g| + eps, β₂u)); Kingma &amp; Ba's Algorithm 2 has no
 * δ at all (u = max(β₂u, |g|)). u needs no bias correction (it is a maximum, not an average); only m is corrected.
 * {@code weightDecay} is torch's coupled L2. Not in Goodfellow, whose Adam (Algorithm 8.7) this
 * generalizes from the L² to the L^∞ norm. With δ = 0, a coordinate whose gradient has been exactly
 * 0 from the start divides 0 by 0, as torch does.
 *
 * <h2>Memory</h2>
 * Two extra vectors of size n (m, u).
 *
 * <h2>References</h2>
 * D. P. Kingma, J. Ba, "Adam: A method for stochastic optimization", ICLR 2015, arXiv:1412.6980,
 * §7.1 and Algorithm 2 (AdaMax). Goodfellow, Bengio, Courville, <i>Deep Learning</i>, MIT Press
 * 2016, §8.5.3, Algorithm 8.7 (Adam).
 *
 * @param learningRate ε_k
 * @param beta1        β₁ in [0, 1)
 * @param beta2        β₂ in [0, 1), the decay of the infinity norm
 * @param eps          δ ≥ 0, inside the maximum
 * @param weightDecay  λ ≥ 0, coupled L2
 * @see Adam
 * @see AdamW
 * @see NAdam
 */
public record Adamax(Schedule learningRate, double beta1, double beta2, double eps, double weightDecay)
        implements Optimizer<Adamax.State>, HasLearningRate {

    public Adamax {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("beta1", beta1);
        Hyper.unitInterval("beta2", beta2);
        Hyper.nonNegative("eps", eps);
        Hyper.nonNegative("weightDecay", weightDecay);
    }

    /** torch defaults with learning rate ε. */
    public static Adamax of(double learningRate) {
        return new Adamax(Schedule.constant(learningRate), 0.9, 0.999, 1e-8, 0);
    }

    /** torch.optim {@code Adamax()} defaults: lr = 0.002, betas = (0.9, 0.999), eps = 1e-8. */
    public static Adamax defaults() {
        return of(0.002);
    }

    public Adamax withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public Adamax withLearningRate(Schedule lr) {
        return new Adamax(lr, beta1, beta2, eps, weightDecay);
    }

    public Adamax withBeta1(double b1) {
        return new Adamax(learningRate, b1, beta2, eps, weightDecay);
    }

    public Adamax withBeta2(double b2) {
        return new Adamax(learningRate, beta1, b2, eps, weightDecay);
    }

    public Adamax withEps(double e) {
        return new Adamax(learningRate, beta1, beta2, e, weightDecay);
    }

    public Adamax withWeightDecay(double wd) {
        return new Adamax(learningRate, beta1, beta2, eps, wd);
    }

    @Override
    public String name() {
        return "adamax";
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
        double clr = lr / (1 - Math.pow(b1, t));
        double wd = weightDecay;
        double d = eps;
        double[] m = state.m;
        double[] u = state.u;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = wd == 0 ? grad[i] : grad[i] + wd * params[i];
                double mi = b1 * m[i] + c1 * g;
                double ui = Math.max(b2 * u[i], Math.abs(g) + d);
                m[i] = mi;
                u[i] = ui;
                params[i] -= clr * (mi / ui);
            }
        });
        state.advance();
    }

    /** State: m and u, keys {@code adamax.m}, {@code adamax.u}. */
    public static final class State extends OptimizerState {
        /** m, the biased first moment (torch {@code exp_avg}). */
        public final double[] m;
        /** u, the exponentially weighted infinity norm (torch {@code exp_inf}). */
        public final double[] u;

        State(ParamLayout layout) {
            super("adamax", layout);
            m = buffer("m", layout.size());
            u = buffer("u", layout.size());
        }
    }
}
