package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.linalg.Vec;
import dev.descent.parallel.Parallel;

/**
 * Rprop (resilient backpropagation): a per-coordinate step size Δ that grows while the gradient
 * keeps its sign and shrinks when it flips; only the sign of the gradient is used.
 *
 * <pre>
 *   s = g ⊙ g_prev                               (g_prev₀ = 0, Δ₀ = learningRate)
 *   s &gt; 0:  Δ ← η⁺ Δ
 *   s &lt; 0:  Δ ← η⁻ Δ;  g ← 0                    (a sign change: no move this step)
 *   s = 0:  Δ unchanged
 *   Δ ← clamp(Δ, Δ_min, Δ_max)                     (every step, also when s = 0)
 *   θ ← θ − sign(g) Δ
 *   g_prev ← g                                    (0 after a sign change)
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (torch)</th></tr>
 *   <tr><td>Δ₀ (torch lr)</td><td>{@code learningRate}</td><td>0.01</td></tr>
 *   <tr><td>η⁻</td><td>{@code etaMinus}</td><td>0.5</td></tr>
 *   <tr><td>η⁺</td><td>{@code etaPlus}</td><td>1.2</td></tr>
 *   <tr><td>Δ_min</td><td>{@code minStepSize}</td><td>1e-6</td></tr>
 *   <tr><td>Δ_max</td><td>{@code maxStepSize}</td><td>50</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * torch.optim {@code Rprop} (1.13), whose {@code etas = (η⁻, η⁺)} and
 * {@code step_sizes = (Δ_min, Δ_max)} are split into Optax's names. The sign test is
 * sign(g·g_prev), evaluated on the product as torch does. After a sign change the gradient entry
 * is replaced by 0, so that coordinate does not move and the stored g_prev becomes 0: the next step
 * sees s = 0 and neither grows nor shrinks Δ. That is "iRprop⁻" in Igel &amp; Hüsken's naming:
 * Riedmiller &amp; Braun's rule without their weight-backtracking, plus the zeroed gradient. Step 1
 * therefore moves every coordinate by clamp(Δ₀)·sign(g). torch clamps Δ on every step, Optax {@code rprop} only when it
 * changes; they differ only when Δ₀ lies outside [Δ_min, Δ_max]. Optax stores the previous
 * <em>update</em> instead of the gradient, which has the same signs.
 *
 * <p>{@code learningRate} is only the initial step size Δ₀, read by {@link #init}: the step
 * sizes then evolve on their own, so it is a number and not a {@link
 * dev.descent.optim.schedule.Schedule} (torch reads {@code lr} only when it creates the state, so
 * an lr scheduler has no effect on Rprop either), and this class is not a {@link HasLearningRate}.
 * Rprop is meant for full-batch gradients: with minibatch noise the signs flip at random.
 * Goodfellow has no Rprop algorithm; §8.5 describes the same idea through its ancestor
 * delta-bar-delta (Jacobs 1988): grow the rate while the derivative keeps its sign.
 *
 * <h2>Memory</h2>
 * Two extra vectors of size n (Δ, g_prev).
 *
 * <h2>References</h2>
 * M. Riedmiller, H. Braun, "A direct adaptive method for faster backpropagation learning: the
 * RPROP algorithm", IEEE International Conference on Neural Networks, 1993. C. Igel, M. Hüsken,
 * "Improving the Rprop learning algorithm", Proc. 2nd International Symposium on
 * Neural Computation (NC 2000). Goodfellow, Bengio, Courville, <i>Deep
 * Learning</i>, MIT Press 2016, §8.5 (delta-bar-delta).
 *
 * @param learningRate Δ₀ &gt; 0, the initial step size (torch {@code lr})
 * @param etaMinus     η⁻ in (0, 1), the factor after a sign change
 * @param etaPlus      η⁺ &gt; 1, the factor while the sign is kept
 * @param minStepSize  Δ_min ≥ 0
 * @param maxStepSize  Δ_max ≥ Δ_min, finite and &gt; 0
 * @see AdaGrad
 * @see RmsProp
 * @see Lion
 */
public record Rprop(double learningRate, double etaMinus, double etaPlus, double minStepSize, double maxStepSize)
        implements Optimizer<Rprop.State> {

    public Rprop {
        Hyper.positive("learningRate", learningRate);
        if (!(etaMinus > 0 && etaMinus < 1)) {
            throw new IllegalArgumentException("etaMinus = " + etaMinus + " is outside (0, 1)");
        }
        if (!(etaPlus > 1) || etaPlus == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("etaPlus = " + etaPlus + " must be finite and > 1");
        }
        Hyper.nonNegative("minStepSize", minStepSize);
        Hyper.positive("maxStepSize", maxStepSize);
        if (minStepSize > maxStepSize) {
            throw new IllegalArgumentException(
                    "minStepSize = " + minStepSize + " is greater than maxStepSize = " + maxStepSize);
        }
    }

    /** torch defaults with initial step size Δ₀. */
    public static Rprop of(double learningRate) {
        return new Rprop(learningRate, 0.5, 1.2, 1e-6, 50);
    }

    /** torch.optim {@code Rprop()} defaults: lr = 0.01, etas = (0.5, 1.2), step_sizes = (1e-6, 50). */
    public static Rprop defaults() {
        return of(0.01);
    }

    public Rprop withLearningRate(double delta0) {
        return new Rprop(delta0, etaMinus, etaPlus, minStepSize, maxStepSize);
    }

    public Rprop withEtaMinus(double e) {
        return new Rprop(learningRate, e, etaPlus, minStepSize, maxStepSize);
    }

    public Rprop withEtaPlus(double e) {
        return new Rprop(learningRate, etaMinus, e, minStepSize, maxStepSize);
    }

    public Rprop withMinStepSize(double s) {
        return new Rprop(learningRate, etaMinus, etaPlus, s, maxStepSize);
    }

    public Rprop withMaxStepSize(double s) {
        return new Rprop(learningRate, etaMinus, etaPlus, minStepSize, s);
    }

    @Override
    public String name() {
        return "rprop";
    }

    /** A state with every step size at Δ₀ = {@code learningRate} and g_prev = 0. */
    @Override
    public State init(ParamLayout layout) {
        State s = new State(layout);
        java.util.Arrays.fill(s.delta, learningRate);
        return s;
    }

    /** Elements per tile of the step's two loops. */
    private static final int TILE = 512;

    @Override
    public void step(double[] params, double[] grad, State state) {
        Hyper.checkStep(name(), params, grad, state);
        double up = etaPlus;
        double down = etaMinus;
        double lo = minStepSize;
        double hi = maxStepSize;
        double[] delta = state.delta;
        double[] gPrev = state.gPrev;
        Parallel.forRange(params.length, (from, to) -> {
            // two loops over tiles that stay in L1: C2 does not vectorize the one fused loop
            for (int tile = from; tile < to; tile += TILE) {
                int end = Math.min(to, tile + TILE);
                for (int i = tile; i < end; i++) {
                    double g = grad[i];
                    double sign = Vec.signum(g * gPrev[i]);
                    // branch-free, and the same bits as "if (s > 0) d *= η⁺; else if (s < 0)
                    // { d *= η⁻; g = 0; }": pos, neg ∈ {0, 1}, one term of the factor is nonzero,
                    // d·1 = d, g·0 + 0 is +0 and g·1 + (−0) is g
                    double pos = Math.max(sign, 0.0);
                    double neg = Math.max(-sign, 0.0);
                    double d = delta[i] * (pos * up + neg * down + (1 - pos - neg));
                    delta[i] = Math.min(Math.max(d, lo), hi);
                    gPrev[i] = g * (1 - neg) + (neg - 1) * 0.0;
                }
                for (int i = tile; i < end; i++) {
                    params[i] -= Vec.signum(gPrev[i]) * delta[i];
                }
            }
        });
        state.advance();
    }

    /** State: the step sizes Δ and the previous gradient, keys {@code rprop.delta}, {@code rprop.g_prev}. */
    public static final class State extends OptimizerState {
        /** Δ, the per-coordinate step sizes (torch {@code step_size}). */
        public final double[] delta;
        /** g_prev, the previous gradient, 0 after a sign change (torch {@code prev}). */
        public final double[] gPrev;

        State(ParamLayout layout) {
            super("rprop", layout);
            delta = buffer("delta", layout.size());
            gPrev = buffer("g_prev", layout.size());
        }
    }
}
