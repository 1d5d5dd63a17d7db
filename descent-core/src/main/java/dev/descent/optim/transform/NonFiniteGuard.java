package dev.descent.optim.transform;

import dev.descent.linalg.ParamLayout;
import dev.descent.linalg.Vec;
import dev.descent.optim.Hyper;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;

/**
 * Applies a {@link NonFinitePolicy} to gradients that hold NaN or ±Infinity, before the inner
 * optimizer sees them. Never silently continues: {@code REFUSE} throws, {@code SKIP} leaves θ and
 * the inner state untouched and counts the skip in the state ({@code guard.skipped}), {@code STOP}
 * throws {@link NonFiniteGradientException} for the driver to stop on. Memory: one counter.
 *
 * @param policy what to do
 * @param inner  the wrapped optimizer
 */
public record NonFiniteGuard(NonFinitePolicy policy, Optimizer<?> inner) implements Optimizer<NonFiniteGuard.State> {

    public NonFiniteGuard {
        Hyper.notNull("policy", policy);
        Inner.notNull(inner);
    }

    @Override
    public String name() {
        return "guard";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout, inner);
    }

    @Override
    public double[] evaluationPoint(double[] params, State state) {
        return Inner.evaluationPoint(inner, params, state.inner);
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
        Inner.step(inner, params, grad, state.inner);
        state.completed();
    }

    /** State: the number of skipped steps ({@code guard.skipped}) and the inner state. */
    public static final class State extends OptimizerState {
        /** One element: how many steps were skipped. */
        public final double[] skipped;
        /** The wrapped optimizer's state. */
        public final OptimizerState inner;

        State(ParamLayout layout, Optimizer<?> innerOptimizer) {
            super("guard", layout);
            skipped = buffer("skipped", 1);
            inner = child("inner", Inner.init(innerOptimizer, layout));
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
