package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.linalg.Vec;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * Lion (evolved sign momentum): the sign of an interpolation between the momentum and the
 * gradient, so every coordinate moves by exactly ε_k (plus decoupled weight decay).
 *
 * <pre>
 *   c = β₁m + (1 − β₁) g                          (m₀ = 0; c uses the old m)
 *   θ ← θ − ε_k (sign(c) + λθ)                     (sign(0) = 0)
 *   m ← β₂m + (1 − β₂) g
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default</th></tr>
 *   <tr><td>ε_k (paper η)</td><td>{@code learningRate}</td><td>1e-4</td></tr>
 *   <tr><td>β₁</td><td>{@code beta1}</td><td>0.9</td></tr>
 *   <tr><td>β₂</td><td>{@code beta2}</td><td>0.99</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Optax {@code lion} step for step: {@code chain(scale_by_lion(b1, b2), add_decayed_weights(λ),
 * scale_by_learning_rate(ε))}, whose {@code scale_by_lion} returns sign((1 − β₁)g + β₁m) and then
 * updates m ← (1 − β₂)g + β₂m; the update is −ε_k(sign(c) + λθ) with θ the parameters before the
 * step. This is Chen et al.'s Program 1 and Algorithm 2, where the decay is decoupled and scaled
 * by the learning rate, as in {@link AdamW}. Defaults: β₁ = 0.9, β₂ = 0.99 as in the paper and
 * Optax; ε = 1e-4 and λ = 0 as in the authors' PyTorch code. Optax has no default learning rate and
 * defaults λ to 1e-3. torch.optim 1.13 has no Lion. Because |sign(c)| ≤ 1, the iterate moves by at
 * most ε_k per coordinate and keeps moving near an optimum: it settles only when ε_k decays (use a
 * schedule), and a learning rate 3–10× smaller than AdamW's is the paper's advice. Not in
 * Goodfellow; its sign-based relative is Rprop (§8.5 cites adaptive rules based on the sign of the
 * gradient, the delta-bar-delta family).
 *
 * <h2>Memory</h2>
 * One extra vector of size n (m).
 *
 * <h2>References</h2>
 * X. Chen, C. Liang, D. Huang, E. Real, K. Wang, Y. Liu, H. Pham, X. Dong, T. Luong, C.-J. Hsieh,
 * Y. Lu, Q. V. Le, "Symbolic discovery of optimization algorithms", NeurIPS 2023,
 * arXiv:2302.06675. Optax, {@code optax.lion} and {@code optax.scale_by_lion}
 * ({@code optax/_src/alias.py}, {@code optax/_src/transform.py}). Goodfellow, Bengio, Courville,
 * <i>Deep Learning</i>, MIT Press 2016, §8.5 (delta-bar-delta: step sizes from gradient signs).
 *
 * @param learningRate ε_k
 * @param beta1        β₁ in [0, 1), the interpolation used for the sign
 * @param beta2        β₂ in [0, 1), the decay of the stored momentum
 * @param weightDecay  λ ≥ 0, decoupled and scaled by ε_k
 * @see AdamW
 * @see Rprop
 * @see Momentum
 */
public record Lion(Schedule learningRate, double beta1, double beta2, double weightDecay)
        implements Optimizer<Lion.State>, HasLearningRate {

    public Lion {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("beta1", beta1);
        Hyper.unitInterval("beta2", beta2);
        Hyper.nonNegative("weightDecay", weightDecay);
    }

    /** Defaults (β₁ = 0.9, β₂ = 0.99, λ = 0) with learning rate ε. */
    public static Lion of(double learningRate) {
        return new Lion(Schedule.constant(learningRate), 0.9, 0.99, 0);
    }

    /** Defaults: ε = 1e-4, β₁ = 0.9, β₂ = 0.99, λ = 0 (the authors' PyTorch defaults). */
    public static Lion defaults() {
        return of(1e-4);
    }

    public Lion withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public Lion withLearningRate(Schedule lr) {
        return new Lion(lr, beta1, beta2, weightDecay);
    }

    public Lion withBeta1(double b1) {
        return new Lion(learningRate, b1, beta2, weightDecay);
    }

    public Lion withBeta2(double b2) {
        return new Lion(learningRate, beta1, b2, weightDecay);
    }

    public Lion withWeightDecay(double wd) {
        return new Lion(learningRate, beta1, beta2, wd);
    }

    @Override
    public String name() {
        return "lion";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        double b1 = beta1;
        double b2 = beta2;
        double c1 = 1 - b1;
        double c2 = 1 - b2;
        double wd = weightDecay;
        double[] m = state.m;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = grad[i];
                double mi = m[i];
                double p = params[i];
                double u = Vec.signum(c1 * g + b1 * mi);
                params[i] = p - lr * (u + wd * p);
                m[i] = c2 * g + b2 * mi;
            }
        });
        state.advance();
    }

    /** State: the momentum m, key {@code lion.m}. */
    public static final class State extends OptimizerState {
        /** m, the exponential moving average of the gradients (Optax {@code mu}). */
        public final double[] m;

        State(ParamLayout layout) {
            super("lion", layout);
            m = buffer("m", layout.size());
        }
    }
}
