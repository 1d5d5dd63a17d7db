package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.parallel.Parallel;

/**
 * SPS_max, the stochastic Polyak step size: SGD whose step is the minibatch loss's gap to its
 * optimal value over c times its squared gradient norm, capped at γ_b.
 *
 * <pre>
 *   g = ∇f_i(θ),   ‖g‖ = √(Σ g_j²)
 *   ε_k = 0                                         if ‖g‖ &lt; 10⁻⁸ or f_i(θ) &lt; f_i*
 *   ε_k = min((f_i(θ) − f_i*) / (c·‖g‖² + δ), γ_b)   otherwise
 *   θ ← θ − ε_k g                                   (skipped when ε_k = 0 for ‖g‖ &lt; 10⁻⁸)
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (reference)</th></tr>
 *   <tr><td>c</td><td>{@code c}</td><td>0.5</td></tr>
 *   <tr><td>γ_b</td><td>{@code maxStep} (the reference's {@code eta_max})</td><td>∞ (the reference's None)</td></tr>
 *   <tr><td>δ</td><td>{@code eps}</td><td>1e-8</td></tr>
 *   <tr><td>f_i*</td><td>{@code fStar} (spec {@code f_star})</td><td>0 (the reference's {@code fstar_flag=None})</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Follows {@code Sps} in {@code sps/sps.py} of github.com/IssamLaradji/sps at commit
 * {@code 6d112a1da97a4a2195c01cd51e96e3f0fbdd0c5b} with {@code adapt_flag='constant'} (the SPS_max of
 * the paper; its default {@code 'smooth_iter'} is a different rule), in its order of operations:
 * ‖g‖ is √ of torch's {@code sum(g*g)}, squared again (not the sum itself), δ is added to c·‖g‖²,
 * and θ − ε g is torch's fused {@code add_(g, alpha=−ε)}. One f* for every minibatch (the
 * reference's per-batch {@code fstar_flag} is not offered); f* = 0 suits interpolating models such
 * as a separable logistic regression. With c = 1, δ = 0 and the full loss it is {@link Polyak}
 * except for the 10⁻⁸ gradient threshold. Beyond Goodfellow et al. ch. 8: Algorithm 8.1 (SGD) with
 * ε_k chosen from the minibatch loss. The loss must be the minibatch's at θ
 * ({@link #evaluationPoint} is θ); it reaches the update through {@link ValueAwareOptimizer}.
 * The golden cases {@code sps_max.*} (descent-conformance {@code polyak/}, from the unpatched
 * reference on torch 1.13) are reproduced bit for bit, step sizes included.
 *
 * <h2>Memory</h2>
 * Scalars only: ‖g‖² is summed as it is read (torch's order, in fixed chunks beyond 4096 entries).
 *
 * <h2>References</h2>
 * N. Loizou, S. Vaswani, I. Laradji, S. Lacoste-Julien, "Stochastic Polyak Step-size for SGD: An
 * Adaptive Learning Rate for Fast Convergence", AISTATS 2021, arXiv:2002.10542, eq. (5) (SPS_max).
 *
 * @param c       c &gt; 0, divides the step (0.5 in the paper's theory for convex losses)
 * @param maxStep γ_b &gt; 0, the largest step size (∞ for none)
 * @param eps     δ ≥ 0, added to c·‖g‖²
 * @param fStar   f_i*, the optimal minibatch loss; finite
 * @see Polyak
 */
public record SpsMax(double c, double maxStep, double eps, double fStar) implements ValueAwareOptimizer<SpsMax.State> {

    /** The reference's threshold below which ‖g‖ counts as 0. */
    static final double ZERO_GRADIENT_NORM = 1e-8;

    public SpsMax {
        Hyper.positive("c", c);
        if (c == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("c = Infinity must be finite");
        }
        if (!(maxStep > 0)) {
            throw new IllegalArgumentException("maxStep = " + maxStep + " must be > 0 (Infinity for no cap)");
        }
        Hyper.nonNegative("eps", eps);
        if (eps == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("eps = Infinity must be finite");
        }
        if (!Double.isFinite(fStar)) {
            throw new IllegalArgumentException("fStar = " + fStar + " must be finite");
        }
    }

    /** The reference defaults: c 0.5, no cap, eps 1e-8, f* = 0. */
    public static SpsMax defaults() {
        return new SpsMax(0.5, Double.POSITIVE_INFINITY, 1e-8, 0);
    }

    public SpsMax withC(double x) {
        return new SpsMax(x, maxStep, eps, fStar);
    }

    public SpsMax withMaxStep(double g) {
        return new SpsMax(c, g, eps, fStar);
    }

    public SpsMax withFStar(double f) {
        return new SpsMax(c, maxStep, eps, f);
    }

    @Override
    public String name() {
        return "sps_max";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    @Override
    public void offer(double value, State state) {
        ValueAwareOptimizer.put(state.pending, value);
    }

    /** Steps with the value offered by {@link ValueAwareOptimizer#offerValue}; refuses without one. */
    @Override
    public void step(double[] params, double[] grad, State state) {
        double value = ValueAwareOptimizer.take(name(), state.pending, state);
        step(params, value, grad, state);
    }

    @Override
    public void step(double[] params, double value, double[] grad, State state) {
        state.pending[1] = 0; // a value offered earlier is not for a later step
        Hyper.checkLengths(name(), params, grad, state);
        double sq = Polyak.gradNormSquared(grad); // it also checks g: a finite sum has finite terms
        if (!Double.isFinite(sq)) {
            Hyper.recheckFinite(name(), params, grad, state);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name() + ": loss value f_i = " + value + " is not finite at step "
                    + (state.step() + 1) + "; nothing was changed");
        }
        double norm = Math.sqrt(sq);
        double e = 0;
        if (norm >= ZERO_GRADIENT_NORM) {
            double step = Polyak.stepSize(value - fStar, c * (norm * norm) + eps, false, maxStep);
            Parallel.forRange(params.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    params[i] = TorchCpu.addAlpha(params[i], -step, grad[i]);
                }
            });
            e = step;
        }
        state.stepSize[0] = e;
        state.gradNorm[0] = norm;
        state.advance();
    }

    /**
     * State: the step count, the step size ε_k and ‖g‖ of the last step (keys
     * {@code sps_max.step_size}, {@code sps_max.grad_norm}, the reference's state entries), which
     * the update does not read.
     */
    public static final class State extends OptimizerState {
        /** ε_k of the last step (0 before one). */
        public final double[] stepSize;
        /** ‖g‖ of the last step. */
        public final double[] gradNorm;
        /** The offered loss value and whether one was offered (not saved). */
        final double[] pending;

        State(ParamLayout layout) {
            super("sps_max", layout);
            stepSize = buffer("step_size", 1);
            gradNorm = buffer("grad_norm", 1);
            pending = scratch(2);
        }
    }
}
