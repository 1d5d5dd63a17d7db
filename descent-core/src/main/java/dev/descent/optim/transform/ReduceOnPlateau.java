package dev.descent.optim.transform;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.HasLearningRate;
import dev.descent.optim.Hyper;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Wrapper;
import dev.descent.optim.schedule.Schedule;

/**
 * Reduce-on-plateau on top of any learning-rate schedule: the inner optimizer's schedule times a
 * scale s that drops by {@code factor} whenever an observed metric (validation loss, say) has not
 * improved for more than {@code patience} observations.
 *
 * <pre>
 *   ε_k = max(s·base(k), min(base(k), lr_min))           base: the inner optimizer's learningRate; s₀ = 1
 *
 *   observe(m), once per epoch or evaluation (MIN mode shown; MAX flips the comparisons):
 *     better = m &lt; best·(1 − threshold)      (REL)      or   m &lt; best − threshold   (ABS)
 *     if better: best ← m, bad ← 0   else: bad ← bad + 1
 *     if cooldown_counter &gt; 0: cooldown_counter ← cooldown_counter − 1, bad ← 0
 *     if bad &gt; patience:
 *       if ε_k(s) − ε_k(s·factor) &gt; eps at the current k:  s ← s·factor
 *       cooldown_counter ← cooldown, bad ← 0
 * </pre>
 *
 * <p>The training loop steps this optimizer as usual and calls {@link #observe} once per epoch:
 *
 * <pre>{@code
 * ReduceOnPlateau opt = ReduceOnPlateau.of(Sgd.of(0.1).withLearningRate(CosineDecay.of(0.1, 10_000, 1e-4)))
 *         .withPatience(5);
 * ReduceOnPlateau.State state = opt.init(layout);
 * for (int epoch = 0; ...; epoch++) {
 *     ... opt.step(theta, grad, state) for every batch ...
 *     opt.observe(state, validationLoss);
 * }
 * }</pre>
 *
 * <h2>Conventions</h2>
 * With a constant base ε₀ ≥ lr_min this is torch's {@code ReduceLROnPlateau(optimizer, mode, factor,
 * patience, threshold, threshold_mode, cooldown, min_lr, eps)} called as {@code scheduler.step(metric)}:
 * the same better-test (including torch's relative test in MAX mode, best·(1 + threshold), which is
 * looser for negative metrics), the same counter and cooldown logic in the same order, the floor
 * max(ε·factor, lr_min) and the rule that a reduction smaller than {@code eps} is skipped. torch stores
 * the reduced lr in the optimizer (lr ← lr·factor), descent stores s (s ← s·factor), so the lr after n
 * reductions agrees to rounding (ε₀·factorⁿ evaluated in another order). Unlike torch (pytorch issue
 * #68978, where ReduceLROnPlateau cannot be chained with other schedulers), the base may be any
 * schedule: the plateau scale multiplies it, and lr_min is a floor for the reduction only, so where
 * the base itself is below lr_min the base is used. A NaN metric is refused (torch counts it as "not
 * better"); ±∞ is accepted. The inner optimizer is rebuilt with {@code learningRate = }{@link Reduced}
 * for each step ({@link HasLearningRate#withLearningRate}), so its state and update rule are untouched.
 *
 * <p>The scale, the best metric, the bad-observation count and the cooldown counter are saved state
 * ({@code reduce_on_plateau.scale}, {@code .best}, {@code .num_bad_epochs}, {@code .cooldown_counter}),
 * with the inner optimizer's state as the child {@code inner}: a checkpoint restores the plateau logic
 * and the optimizer together. A refused step or observation changes nothing.
 *
 * <h2>Memory</h2>
 * Four scalars beyond the inner state. Each step builds one small inner record (a few dozen bytes,
 * independent of the number of parameters).
 *
 * <h2>References</h2>
 * torch.optim.lr_scheduler.ReduceLROnPlateau (PyTorch 1.13); Keras {@code ReduceLROnPlateau} (the same
 * rule with {@code min_delta} for the threshold); Optax {@code contrib.reduce_on_plateau}.
 *
 * @param inner         the optimizer whose {@code learningRate} is scaled: a record implementing
 *                      {@link HasLearningRate}
 * @param mode          whether the metric should go down ({@link Mode#MIN}) or up
 * @param factor        in (0, 1): s ← s·factor at a plateau (torch default 0.1)
 * @param patience      ≥ 0: the number of observations without improvement tolerated (torch 10)
 * @param threshold     ≥ 0: the improvement needed to count as better (torch 1e-4)
 * @param thresholdMode relative or absolute threshold (torch {@link ThresholdMode#REL})
 * @param cooldown      ≥ 0: observations to wait after a reduction before counting again (torch 0)
 * @param minLr         lr_min ≥ 0: no reduction goes below it (torch 0)
 * @param eps           ≥ 0: a reduction smaller than this is skipped (torch 1e-8)
 * @see ScheduledHyperparameters
 */
public record ReduceOnPlateau(Optimizer<?> inner, Mode mode, double factor, long patience, double threshold,
        ThresholdMode thresholdMode, long cooldown, double minLr, double eps) implements Wrapper<ReduceOnPlateau.State> {

    /** Whether the observed metric should decrease or increase. */
    public enum Mode {
        /** Lower is better (a loss); torch's {@code 'min'}. */
        MIN,
        /** Higher is better (an accuracy); torch's {@code 'max'}. */
        MAX
    }

    /** How {@code threshold} is applied. */
    public enum ThresholdMode {
        /** Better means beyond best·(1 ∓ threshold) (torch's {@code 'rel'}, the default). */
        REL,
        /** Better means beyond best ∓ threshold (torch's {@code 'abs'}). */
        ABS
    }

    public ReduceOnPlateau {
        Hyper.notNull("inner", inner);
        if (!(inner instanceof HasLearningRate)) {
            throw new IllegalArgumentException("inner optimizer " + inner.name() + " has no learningRate to reduce");
        }
        Hyper.notNull("mode", mode);
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("factor = " + factor + " is outside (0, 1)");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience = " + patience + " must be >= 0");
        }
        Hyper.nonNegative("threshold", threshold);
        Hyper.notNull("thresholdMode", thresholdMode);
        if (cooldown < 0) {
            throw new IllegalArgumentException("cooldown = " + cooldown + " must be >= 0");
        }
        Hyper.nonNegative("minLr", minLr);
        Hyper.nonNegative("eps", eps);
    }

    /** torch's defaults: MIN, factor 0.1, patience 10, threshold 1e-4 (REL), cooldown 0, minLr 0, eps 1e-8. */
    public static ReduceOnPlateau of(Optimizer<?> inner) {
        return new ReduceOnPlateau(inner, Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
    }

    public ReduceOnPlateau withMode(Mode m) {
        return new ReduceOnPlateau(inner, m, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public ReduceOnPlateau withFactor(double f) {
        return new ReduceOnPlateau(inner, mode, f, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public ReduceOnPlateau withPatience(long p) {
        return new ReduceOnPlateau(inner, mode, factor, p, threshold, thresholdMode, cooldown, minLr, eps);
    }

    public ReduceOnPlateau withThreshold(double t, ThresholdMode tm) {
        return new ReduceOnPlateau(inner, mode, factor, patience, t, tm, cooldown, minLr, eps);
    }

    public ReduceOnPlateau withCooldown(long c) {
        return new ReduceOnPlateau(inner, mode, factor, patience, threshold, thresholdMode, c, minLr, eps);
    }

    public ReduceOnPlateau withMinLr(double m) {
        return new ReduceOnPlateau(inner, mode, factor, patience, threshold, thresholdMode, cooldown, m, eps);
    }

    public ReduceOnPlateau withEps(double e) {
        return new ReduceOnPlateau(inner, mode, factor, patience, threshold, thresholdMode, cooldown, minLr, e);
    }

    /** The inner optimizer's own learning-rate schedule, base(k). */
    public Schedule base() {
        return ((HasLearningRate) inner).learningRate();
    }

    /** The learning-rate schedule in force for {@code state}: base(k) under the current scale. */
    public Reduced learningRate(State state) {
        return new Reduced(base(), state.scale(), minLr);
    }

    /** The learning rate the next step on {@code state} will use. */
    public double nextLearningRate(State state) {
        return learningRate(state).valueAt(state.step());
    }

    /** The inner optimizer as it is configured for the next step on {@code state}. */
    public Optimizer<?> configured(State state) {
        return configure(state.scale());
    }

    @Override
    public String name() {
        return "reduce_on_plateau";
    }

    @Override
    public OptimizerState innerState(State state) {
        return state.inner;
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout, inner, mode);
    }

    @Override
    public double[] evaluationPoint(double[] params, State state) {
        return Inner.evaluationPoint(configured(state), params, state.inner);
    }

    @Override
    public double[] modelPoint(double[] params, State state) {
        return Inner.modelPoint(configured(state), params, state.inner);
    }

    @Override
    public void check(double[] params, double[] grad, State state) {
        Inner.check(configured(state), params, grad, state.inner);
    }

    /**
     * One update of the inner optimizer with learning rate ε_k (see the class comment).
     *
     * @param params modified: θ
     * @param grad   not modified
     * @param state  modified: the inner state and the step count (not the plateau counters)
     * @throws IllegalArgumentException if the inner optimizer refuses the step; then nothing was modified
     */
    @Override
    public void step(double[] params, double[] grad, State state) {
        Inner.step(configured(state), params, grad, state.inner);
        state.completed();
    }

    /**
     * Records one observation of the monitored metric (once per epoch or evaluation, like torch's
     * {@code scheduler.step(metric)}) and reduces the scale when the plateau rule says so.
     *
     * @param state  modified: best, the counters and possibly the scale
     * @param metric the metric; ±∞ counts as a (non-improving or improving) value
     * @return whether the learning rate was reduced
     * @throws IllegalArgumentException if {@code metric} is NaN; then nothing was modified
     */
    public boolean observe(State state, double metric) {
        if (Double.isNaN(metric)) {
            throw new IllegalArgumentException(name() + ": metric = NaN at step " + state.step()
                    + " is not a number; nothing was changed");
        }
        double best = state.best[0];
        long bad = (long) state.numBadEpochs[0];
        long cooling = (long) state.cooldownCounter[0];
        double scale = state.scale[0];
        if (isBetter(metric, best)) {
            best = metric;
            bad = 0;
        } else {
            bad++;
        }
        if (cooling > 0) {
            cooling--;
            bad = 0; // bad observations in cooldown are ignored
        }
        boolean reduced = false;
        if (bad > patience) {
            long k = state.step();
            double old = new Reduced(base(), scale, minLr).valueAt(k);
            double reducedScale = scale * factor;
            // reducedScale underflows to 0 only after hundreds of reductions with eps = 0: stop there.
            double next = reducedScale > 0 ? new Reduced(base(), reducedScale, minLr).valueAt(k) : old;
            if (old - next > eps) {
                scale = reducedScale;
                reduced = true;
            }
            cooling = cooldown;
            bad = 0;
        }
        state.best[0] = best;
        state.numBadEpochs[0] = bad;
        state.cooldownCounter[0] = cooling;
        state.scale[0] = scale;
        return reduced;
    }

    private boolean isBetter(double a, double best) {
        return switch (mode) {
            case MIN -> thresholdMode == ThresholdMode.REL ? a < best * (1. - threshold) : a < best - threshold;
            case MAX -> thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1.) : a > best + threshold;
        };
    }

    private Optimizer<?> configure(double scale) {
        return ((HasLearningRate) inner).withLearningRate(new Reduced(base(), scale, minLr));
    }

    /**
     * The reduced learning-rate schedule ε_k = max(s·base(k), min(base(k), lr_min)).
     *
     * @param base  base(k), the inner optimizer's schedule
     * @param scale s in (0, 1]
     * @param minLr lr_min ≥ 0
     */
    public record Reduced(Schedule base, double scale, double minLr) implements Schedule {

        public Reduced {
            Hyper.notNull("base", base);
            if (!(scale > 0 && scale <= 1)) {
                throw new IllegalArgumentException("scale = " + scale + " is outside (0, 1]");
            }
            Hyper.nonNegative("minLr", minLr);
        }

        @Override
        public double valueAt(long step) {
            double b = base.valueAt(step);
            return Math.max(scale * b, Math.min(b, minLr));
        }
    }

    /**
     * State: the plateau scalars ({@code reduce_on_plateau.scale}, {@code .best},
     * {@code .num_bad_epochs}, {@code .cooldown_counter}) and the inner optimizer's state as child
     * {@code inner}.
     */
    public static final class State extends OptimizerState {
        /** The inner optimizer's state. */
        public final OptimizerState inner;
        private final double[] scale;
        private final double[] best;
        private final double[] numBadEpochs;
        private final double[] cooldownCounter;

        State(ParamLayout layout, Optimizer<?> innerOptimizer, Mode mode) {
            super("reduce_on_plateau", layout);
            this.inner = child("inner", Inner.init(innerOptimizer, layout));
            this.scale = buffer("scale", 1);
            this.best = unboundedBuffer("best", 1);
            this.numBadEpochs = buffer("num_bad_epochs", 1);
            this.cooldownCounter = buffer("cooldown_counter", 1);
            scale[0] = 1;
            best[0] = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }

        /** s, the factor applied to the base schedule (1 until the first reduction). */
        public double scale() {
            return scale[0];
        }

        /** The best metric observed so far (+∞ in MIN mode, −∞ in MAX mode before any observation). */
        public double best() {
            return best[0];
        }

        /** Observations since the last improvement (torch's {@code num_bad_epochs}). */
        public long numBadEpochs() {
            return (long) numBadEpochs[0];
        }

        /** Observations left in the current cooldown. */
        public long cooldownCounter() {
            return (long) cooldownCounter[0];
        }

        void completed() {
            advance();
        }
    }
}
