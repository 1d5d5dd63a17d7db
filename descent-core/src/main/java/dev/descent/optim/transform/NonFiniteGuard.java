package dev.descent.optim.transform;

import dev.descent.linalg.ParamLayout;
import dev.descent.linalg.Vec;
import dev.descent.optim.Hyper;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Wrapper;

/**
 * Applies a {@link NonFinitePolicy} to gradients that hold NaN or ±Infinity, before the inner
 * optimizer sees them, and to updates that make θ or the inner state non-finite (Adam's
 * r = g² overflows to +∞ for |g| &gt; 1e154 with a finite gradient, which would freeze θ). Never
 * silently continues: {@code REFUSE} throws, {@code SKIP} leaves θ and the inner state as they were
 * before the step and counts the skip in the state ({@code nonfinite.skipped}), {@code STOP} throws
 * {@link NonFiniteGradientException} for the driver to stop on, θ and the inner state again as
 * before the step. A bad update is undone from copies taken before it ({@link StepUndo}, which
 * the trainer's policy uses too). Memory: one counter, plus
 * one vector of n and a copy of the inner state as work space (not saved).
 *
 * @param policy what to do
 * @param inner  the wrapped optimizer
 */
public record NonFiniteGuard(NonFinitePolicy policy, Optimizer<?> inner) implements Wrapper<NonFiniteGuard.State> {

    public NonFiniteGuard {
        Hyper.notNull("policy", policy);
        Inner.notNull(inner);
    }

    @Override
    public String name() {
        return "nonfinite";
    }

    @Override
    public OptimizerState innerState(State state) {
        return state.inner;
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout, inner);
    }

    @Override
    public void check(double[] params, double[] grad, State state) {
        if (Vec.firstNonFinite(grad) < 0 || policy == NonFinitePolicy.REFUSE) {
            Inner.check(inner, params, grad, state.inner);
        }
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        if (grad.length != state.layout().size() || params.length != state.layout().size()) {
            Inner.step(inner, params, grad, state.inner); // the inner rule refuses with its message
        }
        int bad = Vec.firstNonFinite(grad);
        if (bad >= 0) {
            // the inner rule never sees a non-finite gradient (except to refuse it)
            switch (policy) {
                case REFUSE -> Inner.step(inner, params, grad, state.inner); // refuses, naming step and block
                case SKIP -> {
                    state.skipped[0]++;
                    state.completed();
                    return;
                }
                case STOP -> throw new NonFiniteGradientException(state.step() + 1,
                        state.layout().describe(bad), grad[bad]);
            }
        }
        state.undo.save(params);
        Inner.step(inner, params, grad, state.inner);
        StepUndo.NonFinite broken = state.undo.undoIfNonFinite(params);
        if (broken != null) {
            switch (policy) {
                case REFUSE -> throw new IllegalArgumentException(name() + ": the update at step " + (state.step() + 1)
                        + " made the " + broken.what() + " non-finite: " + broken.where() + " = " + broken.value()
                        + "; the update was undone");
                case SKIP -> {
                    state.skipped[0]++;
                    state.completed();
                    return;
                }
                case STOP -> throw new NonFiniteGradientException(state.step() + 1, broken.what(), broken.where(),
                        broken.value());
            }
        }
        state.completed();
    }

    /** State: the number of skipped steps ({@code nonfinite.skipped}) and the inner state. */
    public static final class State extends OptimizerState {
        /** One element: how many steps were skipped. */
        public final double[] skipped;
        /** The wrapped optimizer's state. */
        public final OptimizerState inner;
        final StepUndo undo;

        State(ParamLayout layout, Optimizer<?> innerOptimizer) {
            super("nonfinite", layout);
            skipped = buffer("skipped", 1);
            inner = child("inner", Inner.init(innerOptimizer, layout));
            undo = new StepUndo(inner);
        }

        /** How many steps were skipped. */
        public long skippedSteps() {
            return (long) skipped[0];
        }

        void completed() {
            advance();
        }
    }
}
