package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.parallel.Parallel;

/**
 * The Polyak step size: gradient descent whose step is the gap to the known optimal value J*
 * divided by the squared gradient norm.
 *
 * <pre>
 *   ε_k = (J(θ) − J*) / (‖g‖² + δ)        g = ∇J(θ)
 *   ε_k ← 0        if J(θ) &lt; J*  (never step uphill on a wrong J*)
 *   ε_k ← min(ε_k, γ_b)
 *   θ ← θ − ε_k g
 * </pre>
 *
 * If ‖g‖ = 0 there is no step (ε_k = 0, θ unchanged); the step is still counted.
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default</th></tr>
 *   <tr><td>J*</td><td>{@code fStar} (spec {@code f_star})</td><td>0</td></tr>
 *   <tr><td>γ_b</td><td>{@code maxStep}</td><td>∞ (no cap)</td></tr>
 *   <tr><td>δ</td><td>{@code eps}</td><td>0 (the classic form)</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * δ sits beside ‖g‖² in the denominator, as in SPS ({@link SpsMax}); the classic method has δ = 0.
 * ‖g‖² = Σ g_i² is summed in torch 1.13's CPU order and θ − ε g is torch's fused
 * {@code add_(g, alpha=−ε)}, so the step matches the torch transcription of the golden cases bit
 * for bit. J must be the value at θ itself ({@link #evaluationPoint} is θ); it reaches the update
 * through {@link ValueAwareOptimizer}. On a convex J with J* = min J, ε_k is the step that minimizes
 * the bound ‖θ − θ*‖² − 2ε(J − J*) + ε²‖g‖² on the distance to a minimizer, so the distance never
 * grows; on a strongly convex, smooth J it shrinks linearly. Not in Goodfellow et al. ch. 8 (it is
 * Algorithm 8.1 with ε_k chosen from J*), nor in torch.optim or Optax.
 *
 * <h2>Memory</h2>
 * Scalars only: ‖g‖² is summed as it is read (torch's order, in fixed chunks beyond 4096 entries).
 *
 * <h2>References</h2>
 * B. T. Polyak, "Introduction to Optimization", Optimization Software, 1987, §5.3; E. Hazan,
 * S. Kakade, "Revisiting the Polyak step size", arXiv:1905.00313 (2019).
 *
 * @param fStar   J*, the optimal (or a lower-bound) value; finite
 * @param maxStep γ_b &gt; 0, the largest step size (∞ for none)
 * @param eps     δ ≥ 0, added to ‖g‖²
 * @see SpsMax
 * @see Sgd
 */
public record Polyak(double fStar, double maxStep, double eps) implements ValueAwareOptimizer<Polyak.State> {

    public Polyak {
        if (!Double.isFinite(fStar)) {
            throw new IllegalArgumentException("fStar = " + fStar + " must be finite");
        }
        if (!(maxStep > 0)) {
            throw new IllegalArgumentException("maxStep = " + maxStep + " must be > 0 (Infinity for no cap)");
        }
        Hyper.nonNegative("eps", eps);
        if (eps == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("eps = Infinity must be finite");
        }
    }

    /** J* = 0, no cap, δ = 0: the classic step for problems whose minimum value is 0. */
    public static Polyak defaults() {
        return new Polyak(0, Double.POSITIVE_INFINITY, 0);
    }

    public Polyak withFStar(double f) {
        return new Polyak(f, maxStep, eps);
    }

    public Polyak withMaxStep(double g) {
        return new Polyak(fStar, g, eps);
    }

    public Polyak withEps(double d) {
        return new Polyak(fStar, maxStep, d);
    }

    @Override
    public String name() {
        return "polyak";
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
        double sq = gradNormSquared(grad); // it also checks g: a finite sum has finite terms
        if (!Double.isFinite(sq)) {
            Hyper.recheckFinite(name(), params, grad, state);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name() + ": loss value J = " + value + " is not finite at step "
                    + (state.step() + 1) + "; nothing was changed");
        }
        double e = stepSize(value - fStar, sq + eps, sq == 0, maxStep);
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                params[i] = TorchCpu.addAlpha(params[i], -e, grad[i]);
            }
        });
        state.stepSize[0] = e;
        state.advance();
    }

    /** ‖g‖² in torch's {@code torch.sum(g * g)} order ({@link TorchCpu#sumSquares}). */
    static double gradNormSquared(double[] grad) {
        return TorchCpu.sumSquares(grad, 0, grad.length); // torch's (g * g).sum(): |g²| is g²
    }

    /** gap / denominator, 0 for a zero gradient or a negative gap, capped at {@code cap}. */
    static double stepSize(double gap, double denominator, boolean zeroGradient, double cap) {
        if (zeroGradient || gap < 0) {
            return 0;
        }
        return Math.min(cap, gap / denominator);
    }

    /**
     * State: the step count and the step size ε_k of the last step (key {@code polyak.step_size}),
     * which the update does not read: it is saved for reports and the conformance cases.
     */
    public static final class State extends OptimizerState {
        /** ε_k of the last step (0 before one). */
        public final double[] stepSize;
        /** The offered loss value and whether one was offered (not saved). */
        final double[] pending;

        State(ParamLayout layout) {
            super("polyak", layout);
            stepSize = buffer("step_size", 1);
            pending = scratch(2);
        }
    }
}
