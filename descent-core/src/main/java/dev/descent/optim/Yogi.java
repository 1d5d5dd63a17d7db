package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.linalg.Vec;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * Yogi: Adam with an additive second-moment update, v ← v − (1 − β₂) sign(v − g²) g², so the
 * effective step size cannot grow quickly when v overestimates g².
 *
 * <pre>
 *   t ← t + 1
 *   m ← (1 − β₁) g + β₁m                        (m₀ = v₀ = v_init, both moments)
 *   v ← v − (1 − β₂) sign(v − g²) g²            (sign(0) = 0)
 *   m̂ = m / (1 − β₁ᵗ);   v̂ = v / (1 − β₂ᵗ)
 *   θ ← θ − ε_k m̂ / (√(v̂ + ε̄) + ε)
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (Optax)</th></tr>
 *   <tr><td>ε_k (Optax {@code learning_rate})</td><td>{@code learningRate}</td><td>0.001 (Optax has none)</td></tr>
 *   <tr><td>β₁ ({@code b1})</td><td>{@code beta1}</td><td>0.9</td></tr>
 *   <tr><td>β₂ ({@code b2})</td><td>{@code beta2}</td><td>0.999</td></tr>
 *   <tr><td>ε ({@code eps})</td><td>{@code eps}</td><td>1e-3</td></tr>
 *   <tr><td>ε̄ ({@code eps_root})</td><td>{@code epsRoot}</td><td>0</td></tr>
 *   <tr><td>v_init ({@code initial_accumulator_value})</td><td>{@code initialAccumulator}</td><td>1e-6</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Optax {@code yogi} operation for operation: {@code chain(scale_by_yogi(b1, b2, eps, eps_root,
 * initial_accumulator_value), scale_by_learning_rate(ε_k))}; the alias exposes b1, b2 and eps, and
 * ε̄ and v_init are {@code scale_by_yogi}'s (0 and 1e-6 by default). Optax starts <em>both</em>
 * moments at v_init (not m₀ = 0), bias-corrects them as Adam does, and puts ε̄ inside and ε
 * outside the root. The paper's Algorithm 2 writes the step as m/(√v + ε) without bias
 * correction; the start value v_init for both moments and the bias correction are Optax's. Optax's
 * ε = 1e-3 (Adam's is 1e-8) is the value the paper recommends for Yogi. No weight decay (Optax's
 * alias has none). torch.optim has no Yogi; not in Goodfellow
 * (its relative is Adam, Algorithm 8.7).
 *
 * <h2>Memory</h2>
 * Two extra vectors of size n (m, v).
 *
 * <h2>References</h2>
 * M. Zaheer, S. J. Reddi, D. Sachan, S. Kale, S. Kumar, "Adaptive methods for nonconvex
 * optimization", NeurIPS 2018. Optax {@code optax.yogi} and {@code optax.scale_by_yogi}
 * ({@code optax/_src/alias.py}, {@code optax/_src/transform.py}, github.com/google-deepmind/optax at
 * commit {@code 2edbcbe2390da13983b92cbef94ac0460ecde1c5}).
 *
 * @param learningRate       ε_k
 * @param beta1              β₁ in [0, 1)
 * @param beta2              β₂ in [0, 1)
 * @param eps                ε ≥ 0, outside the root
 * @param epsRoot            ε̄ ≥ 0, inside the root
 * @param initialAccumulator v_init &gt; 0, the start of m and v
 * @see Adam
 * @see AdaBelief
 */
public record Yogi(Schedule learningRate, double beta1, double beta2, double eps, double epsRoot,
        double initialAccumulator) implements Optimizer<Yogi.State>, HasLearningRate {

    public Yogi {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("beta1", beta1);
        Hyper.unitInterval("beta2", beta2);
        Hyper.nonNegative("eps", eps);
        Hyper.nonNegative("epsRoot", epsRoot);
        // Optax: "only positive values are allowed" (v stays > 0, so √v̂ is defined)
        Hyper.positive("initialAccumulator", initialAccumulator);
    }

    /** Optax's defaults with learning rate ε. */
    public static Yogi of(double learningRate) {
        return new Yogi(Schedule.constant(learningRate), 0.9, 0.999, 1e-3, 0, 1e-6);
    }

    /** Defaults: ε_k = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-3, ε̄ = 0, v_init = 1e-6. */
    public static Yogi defaults() {
        return of(0.001);
    }

    public Yogi withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public Yogi withLearningRate(Schedule lr) {
        return new Yogi(lr, beta1, beta2, eps, epsRoot, initialAccumulator);
    }

    public Yogi withBeta1(double b1) {
        return new Yogi(learningRate, b1, beta2, eps, epsRoot, initialAccumulator);
    }

    public Yogi withBeta2(double b2) {
        return new Yogi(learningRate, beta1, b2, eps, epsRoot, initialAccumulator);
    }

    public Yogi withEps(double e) {
        return new Yogi(learningRate, beta1, beta2, e, epsRoot, initialAccumulator);
    }

    public Yogi withEpsRoot(double e) {
        return new Yogi(learningRate, beta1, beta2, eps, e, initialAccumulator);
    }

    public Yogi withInitialAccumulator(double v0) {
        return new Yogi(learningRate, beta1, beta2, eps, epsRoot, v0);
    }

    @Override
    public String name() {
        return "yogi";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout, initialAccumulator);
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        long t = state.step() + 1;
        double b1 = beta1;
        double c1 = 1 - b1;
        double c2 = 1 - beta2;
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        double[] m = state.m;
        double[] v = state.v;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = grad[i];
                double g2 = g * g;
                double mi = c1 * g + b1 * m[i];
                double vi = v[i] - c2 * Vec.signum(v[i] - g2) * g2;
                m[i] = mi;
                v[i] = vi;
                params[i] -= lr * ((mi / bc1) / (Math.sqrt(vi / bc2 + epsRoot) + eps));
            }
        });
        state.advance();
    }

    /** State: m and v (keys {@code yogi.m}, {@code yogi.v}; Optax {@code mu}, {@code nu}), both starting at v_init. */
    public static final class State extends OptimizerState {
        /** m, the biased first moment. */
        public final double[] m;
        /** v, the additive second moment. */
        public final double[] v;

        State(ParamLayout layout, double initial) {
            super("yogi", layout);
            m = buffer("m", layout.size());
            v = buffer("v", layout.size());
            java.util.Arrays.fill(m, initial);
            java.util.Arrays.fill(v, initial);
        }
    }
}
