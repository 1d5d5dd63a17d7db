package dev.descent.optim.transform;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Hyper;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Wrapper;

/**
 * SAM (sharpness-aware minimization): the outer optimizer steps with the gradient taken at an
 * adversarial point, reached from θ by P − 1 normalized ascent steps of length ρ. Each call of
 * {@link #step} consumes one gradient, as Optax's {@code sam} does; the gradients of the ascent
 * steps and of the outer step are taken at {@link #evaluationPoint}.
 *
 * <pre>
 *   call k = 1 … P−1 of a period (ascent):    g = ∇J(a_{k−1}),  a₀ = θ
 *       a_k = a_{k−1} + ρ (g / ‖g‖)            (‖g‖ over all blocks; a_k = a_{k−1} if ‖g‖ = 0)
 *       θ unchanged;  evaluationPoint = a_k
 *   call P (outer step):                       g = ∇J(a_{P−1})
 *       θ ← outer.step(θ, g)                   (the outer optimizer sees θ, as Optax's cache)
 *       evaluationPoint = θ
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default</th></tr>
 *   <tr><td></td><td>{@code inner}</td><td>the outer optimizer (Optax's {@code optimizer})</td></tr>
 *   <tr><td>ρ</td><td>{@code rho}</td><td>0.1 (the learning rate of Optax's adversarial SGD in its docstring)</td></tr>
 *   <tr><td>P</td><td>{@code syncPeriod}</td><td>2 (Optax), at least 2</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Optax's {@code optax.contrib.sam(optimizer, adv_optimizer, sync_period, reset_state=True,
 * opaque_mode=False)} with the paper's adversarial optimizer,
 * {@code adv_optimizer = chain(normalize(), sgd(rho))}, call for call. Optax's transparent mode puts
 * the adversarial point a_k in the parameters between calls and keeps θ in its {@code cache};
 * descent keeps θ in {@code params} and returns a_k from {@link #evaluationPoint}, the hook the
 * book's look-ahead Nesterov uses, so every gradient is taken where Optax takes it, and a training
 * loop validates, reports and saves θ itself (the point the run stands for), never a perturbed one.
 * The outer optimizer receives the gradient at a_{P−1} and θ, as Optax passes it
 * {@code state.cache}; its state advances only on outer steps. Optax then returns the update
 * a + ((θ − a) + u), which is θ + u up to one rounding of max(|θ|, |a|); descent applies θ + u
 * (what Optax's opaque mode computes), so θ after each period agrees with transparent mode to
 * rounding and with opaque mode exactly. {@code reset_state} has nothing to reset here (normalized
 * SGD has no state). Where the gradient is exactly 0, Optax's normalize divides 0 by 0 and its
 * parameters become NaN; descent stays at the point instead. P = 1 is refused: it has no ascent
 * step (and Optax's transparent mode would then re-base each update on the previous call's
 * parameters). With minibatches each call takes the next batch, as in Optax's transparent mode (the
 * paper takes both gradients on one batch), and the training loss a loop reports for a call is the
loss where that call's gradient was taken. An outer optimizer's own look-ahead evaluation point
 * (the book's Nesterov forms) is not used: the outer gradient is always taken at a_{P−1}; its model
 * point (schedule-free's x) is kept. Beyond Goodfellow et al. ch. 8, whose Algorithm 8.3 is the
 * model for taking the gradient away from θ.
 *
 * <h2>Memory</h2>
 * One extra vector of size n (the adversarial point), plus the outer optimizer's state.
 *
 * <h2>References</h2>
 * P. Foret, A. Kleiner, H. Mobahi, B. Neyshabur, "Sharpness-aware minimization for efficiently
 * improving generalization", ICLR 2021, arXiv:2010.01412 (Algorithm 1). Optax,
 * github.com/google-deepmind/optax at commit {@code 2edbcbe2390da13983b92cbef94ac0460ecde1c5}:
 * {@code optax/contrib/_sam.py} ({@code sam}, {@code normalize}), {@code optax/_src/alias.py}
 * ({@code sgd}). Goodfellow, Bengio, Courville, <i>Deep Learning</i>, MIT Press 2016, §8.3.3,
 * Algorithm 8.3 (a gradient taken at an interim point).
 *
 * @param inner      the outer optimizer
 * @param rho        ρ &gt; 0, the length of each ascent step
 * @param syncPeriod P ≥ 2: P − 1 ascent calls, then one outer step
 * @see dev.descent.optim.Nesterov
 * @see GradientAccumulation
 */
public record Sam(Optimizer<?> inner, double rho, int syncPeriod) implements Wrapper<Sam.State> {

    public Sam {
        Inner.notNull(inner);
        Hyper.positive("rho", rho);
        if (syncPeriod < 2) {
            throw new IllegalArgumentException("syncPeriod = " + syncPeriod
                    + " must be >= 2 (1 would take no ascent step; use the outer optimizer itself)");
        }
    }

    /** The paper's SAM around {@code outer}: ρ = 0.1, P = 2 (one ascent step, then the outer step). */
    public static Sam of(Optimizer<?> outer) {
        return new Sam(outer, 0.1, 2);
    }

    @Override
    public String name() {
        return "sam";
    }

    @Override
    public OptimizerState innerState(State state) {
        return state.inner;
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout, inner, syncPeriod);
    }

    /** True when the next call is the outer step of its period. */
    public boolean updatesNext(State state) {
        return (long) state.stepsSinceSync[0] == syncPeriod - 1;
    }

    /** θ at the first call of a period, else the adversarial point a_k of the previous call. */
    @Override
    public double[] evaluationPoint(double[] params, State state) {
        return state.stepsSinceSync[0] == 0 ? params : state.adversarial;
    }

    @Override
    public void check(double[] params, double[] grad, State state) {
        GradientTransform.checkRaw(name(), params, grad, state);
        if (updatesNext(state)) {
            Inner.check(inner, params, grad, state.inner);
        }
    }

    /**
     * One call. An ascent call modifies only {@code state} (the adversarial point); the outer step
     * modifies {@code params} and the inner state. {@code grad} is not modified.
     *
     * @throws IllegalArgumentException for a bad step (here or in the outer optimizer); then nothing
     *                                  was changed
     */
    @Override
    public void step(double[] params, double[] grad, State state) {
        check(params, grad, state);
        long k = (long) state.stepsSinceSync[0];
        if (k == syncPeriod - 1) {
            Inner.step(inner, params, grad, state.inner);
            state.stepsSinceSync[0] = 0;
        } else {
            double[] from = k == 0 ? params : state.adversarial;
            double[] a = state.adversarial;
            double sq = 0;
            for (double g : grad) {
                sq += g * g;
            }
            double norm = Math.sqrt(sq);
            for (int i = 0; i < a.length; i++) {
                // Optax: p + −(−ρ · (g / ‖g‖)), the negations exact
                a[i] = norm == 0 ? from[i] : from[i] + rho * (grad[i] / norm);
            }
            state.stepsSinceSync[0] = k + 1;
        }
        state.completed();
    }

    /**
     * State: the adversarial point {@code sam.adversarial} (meaningful between the calls of a
     * period), the count {@code sam.steps_since_sync} in [0, P − 1] and the outer optimizer's state
     * (child {@code inner}).
     */
    public static final class State extends OptimizerState {
        /** a_k, where the next gradient is taken when stepsSinceSync &gt; 0. */
        public final double[] adversarial;
        /** Calls since the last outer step (Optax's {@code steps_since_sync}). */
        public final double[] stepsSinceSync;
        /** The outer optimizer's state. */
        public final OptimizerState inner;

        State(ParamLayout layout, Optimizer<?> innerOptimizer, int syncPeriod) {
            super("sam", layout);
            adversarial = buffer("adversarial", layout.size());
            stepsSinceSync = integer("steps_since_sync", 0, syncPeriod - 1);
            inner = child("inner", Inner.init(innerOptimizer, layout));
        }

        void completed() {
            advance();
        }
    }
}
