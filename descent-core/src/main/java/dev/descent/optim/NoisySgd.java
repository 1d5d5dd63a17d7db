package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * Noisy SGD: SGD on the gradient plus Gaussian noise whose variance decays as η/tᵞ.
 *
 * <pre>
 *   t ← t + 1
 *   σ_t = √(η / tᵞ)
 *   ξ ~ N(0, I)                     (ξ = {@link #standardNormal}(seed, t), or given to the step)
 *   θ ← θ − ε_k (g + σ_t ξ)
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (Optax)</th></tr>
 *   <tr><td>ε_k (Optax {@code learning_rate})</td><td>{@code learningRate}</td><td>0.01 (Optax has none; {@link Sgd}'s)</td></tr>
 *   <tr><td>η ({@code eta})</td><td>{@code eta}</td><td>0.01, the initial variance</td></tr>
 *   <tr><td>γ ({@code gamma})</td><td>{@code gamma}</td><td>0.55, the decay exponent</td></tr>
 *   <tr><td>({@code key})</td><td>{@code seed}</td><td>0</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Optax {@code noisy_sgd}: {@code chain(add_noise(eta, gamma, key), scale_by_learning_rate(ε_k))},
 * whose {@code add_noise} computes σ_t = √(η / tᵞ) with t counting from 1 (the docstring's
 * η/(1 + t)ᵞ with t from 0) and adds σ_t·ξ to the gradient before the learning rate multiplies it.
 * Neelakantan et al. write the same schedule, σ_t² = η/(1 + t)ᵞ, with η ∈ {0.01, 0.3, 1} and
 * γ = 0.55.
 *
 * <p><b>Where the noise comes from.</b> The noise is an explicit input of the update:
 * {@link #step(double[], double[], double[], State)} takes ξ. The ordinary
 * {@link #step(double[], double[], State)} draws ξ from {@link #standardNormal}(seed, t), a
 * counter-based generator (SplitMix64 of the seed, the step and the coordinate, then Box–Muller with
 * {@link StrictMath}), so ξ is a pure function of (seed, t, i), as JAX's split keys make Optax's
 * noise a function of the key and the step. The state therefore holds no generator: it is the step
 * count alone, copying or saving it resumes bit for bit, and the same seed gives the same run on
 * every JVM. Optax's ξ comes from JAX's threefry PRNG, which descent does not reproduce: the
 * reference cases record each step's ξ, and the conformance replayer hands it to the explicit step.
 *
 * <h2>Memory</h2>
 * No saved state beyond the step count; one work vector of size n (ξ).
 *
 * <h2>References</h2>
 * A. Neelakantan, L. Vilnis, Q. V. Le, I. Sutskever, L. Kaiser, K. Kurach, J. Martens, "Adding
 * gradient noise improves learning for very deep networks", arXiv:1511.06807, 2015. Optax
 * {@code optax.noisy_sgd} and {@code optax.add_noise} ({@code optax/_src/alias.py},
 * {@code optax/transforms/_adding.py}, github.com/google-deepmind/optax at commit
 * {@code 2edbcbe2390da13983b92cbef94ac0460ecde1c5}). G. L. Steele, D. Lea, C. H. Flood, "Fast
 * splittable pseudorandom number generators", OOPSLA 2014 (SplitMix64). Goodfellow, Bengio,
 * Courville, <i>Deep Learning</i>, MIT Press 2016, Algorithm 8.1 (the step without noise).
 *
 * @param learningRate ε_k
 * @param eta          η ≥ 0, the noise variance at t = 1 (0: plain SGD)
 * @param gamma        γ ≥ 0, the decay exponent of the variance
 * @param seed         the seed of the noise
 * @see Sgd
 */
public record NoisySgd(Schedule learningRate, double eta, double gamma, long seed)
        implements Optimizer<NoisySgd.State>, HasLearningRate {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    public NoisySgd {
        Hyper.learningRate(learningRate);
        Hyper.nonNegative("eta", eta);
        Hyper.nonNegative("gamma", gamma);
    }

    /** Optax's defaults (η = 0.01, γ = 0.55, seed 0) with learning rate ε. */
    public static NoisySgd of(double learningRate) {
        return new NoisySgd(Schedule.constant(learningRate), 0.01, 0.55, 0);
    }

    /** Defaults: ε_k = 0.01, η = 0.01, γ = 0.55, seed 0. */
    public static NoisySgd defaults() {
        return of(0.01);
    }

    public NoisySgd withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public NoisySgd withLearningRate(Schedule lr) {
        return new NoisySgd(lr, eta, gamma, seed);
    }

    public NoisySgd withEta(double e) {
        return new NoisySgd(learningRate, e, gamma, seed);
    }

    public NoisySgd withGamma(double g) {
        return new NoisySgd(learningRate, eta, g, seed);
    }

    public NoisySgd withSeed(long s) {
        return new NoisySgd(learningRate, eta, gamma, s);
    }

    @Override
    public String name() {
        return "noisy_sgd";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    /** σ_t = √(η / tᵞ), the noise's standard deviation at step t (from 1). */
    public double standardDeviation(long t) {
        return Math.sqrt(eta / Math.pow(t, gamma));
    }

    /**
     * One update with ξ = {@link #standardNormal}(seed, t) (t = the coming step).
     *
     * @param params modified
     * @param grad   not modified
     * @param state  modified: the step count (and its work vector, which then holds ξ)
     */
    @Override
    public void step(double[] params, double[] grad, State state) {
        Hyper.checkStep(name(), learningRate, params, grad, state); // before drawing: a refused step draws nothing
        standardNormal(seed, state.step() + 1, state.xi);
        step(params, grad, state.xi, state);
    }

    /**
     * One update with the given noise ξ (for a replay of recorded noise, or noise from elsewhere).
     *
     * @param params modified
     * @param grad   not modified
     * @param noise  not modified: ξ, of the length of params, finite
     * @param state  modified: the step count
     * @throws IllegalArgumentException naming the argument; then nothing was changed
     */
    public void step(double[] params, double[] grad, double[] noise, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        if (noise.length != params.length) {
            throw new IllegalArgumentException(name() + ": noise has length " + noise.length + ", expected "
                    + params.length + " (the length of params); nothing was changed");
        }
        for (int i = 0; i < noise.length; i++) {
            if (!Double.isFinite(noise[i])) {
                throw new IllegalArgumentException(name() + ": noise " + state.layout().describe(i) + " = " + noise[i]
                        + " is not finite at step " + (state.step() + 1) + "; nothing was changed");
            }
        }
        double sigma = standardDeviation(state.step() + 1);
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                params[i] -= lr * (grad[i] + sigma * noise[i]);
            }
        });
        state.advance();
    }

    /**
     * Fills {@code out} with standard normal numbers that depend only on (seed, step, index):
     * SplitMix64 of a start derived from seed and step gives uniform pairs, and Box–Muller (with
     * {@link StrictMath}, so every JVM gives the same bits) turns each pair into two normals.
     *
     * @param out modified
     */
    public static void standardNormal(long seed, long step, double[] out) {
        long x = mix64(mix64(seed) + step * GOLDEN);
        for (int i = 0; i < out.length; i += 2) {
            x += GOLDEN;
            double u1 = ((mix64(x) >>> 11) + 1) * 0x1p-53; // in (0, 1]: log(u1) is finite
            x += GOLDEN;
            double u2 = (mix64(x) >>> 11) * 0x1p-53;
            double r = StrictMath.sqrt(-2 * StrictMath.log(u1));
            double a = 2 * StrictMath.PI * u2;
            out[i] = r * StrictMath.cos(a);
            if (i + 1 < out.length) {
                out[i + 1] = r * StrictMath.sin(a);
            }
        }
    }

    /** SplitMix64's finalizer (Steele, Lea, Flood 2014). */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The state is the step count alone (the noise is a function of seed and step); ξ is work space. */
    public static final class State extends OptimizerState {
        final double[] xi;

        State(ParamLayout layout) {
            super("noisy_sgd", layout);
            xi = scratch(layout.size());
        }

        /** ξ of the last ordinary step (work space, not saved; overwritten by the next step). */
        public double[] lastNoise() {
            return xi.clone();
        }
    }
}
