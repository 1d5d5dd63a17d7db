package dev.descent.optim.transform;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Wrapper;

/**
 * Accumulates the gradients of k consecutive calls and steps the inner optimizer once with their
 * mean, so k minibatches of m examples act as one minibatch of k·m (when the loss is a mean).
 *
 * <pre>
 *   calls 1 … k−1:  a ← a + g             (θ unchanged)
 *   call k:         inner step with (a + g)/k;  a ← 0
 * </pre>
 *
 * <p>Optax's {@code MultiSteps}; in torch, calling {@code backward()} k times before
 * {@code step()} (there the user divides the loss by k). The state's step count counts calls;
 * the inner state's counts real updates. Memory: one accumulator vector of size n (saved) and
 * one scratch vector.
 *
 * @param every k ≥ 1
 * @param inner the optimizer stepped every k-th call
 */
public record GradientAccumulation(int every, Optimizer<?> inner) implements Wrapper<GradientAccumulation.State> {

    public GradientAccumulation {
        if (every < 1) {
            throw new IllegalArgumentException("every = " + every + " must be >= 1");
        }
        Inner.notNull(inner);
    }

    @Override
    public String name() {
        return "accumulate";
    }

    @Override
    public OptimizerState innerState(State state) {
        return state.inner;
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout, inner);
    }

    /** True when the next call will update the parameters. */
    public boolean updatesNext(State state) {
        return (state.step() + 1) % every == 0;
    }

    @Override
    public void check(double[] params, double[] grad, State state) {
        GradientTransform.checkRaw(name(), params, grad, state);
        if (updatesNext(state)) {
            Inner.check(inner, params, mean(grad, state), state.inner);
        }
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        GradientTransform.checkRaw(name(), params, grad, state);
        double[] acc = state.accumulated;
        if (updatesNext(state)) {
            Inner.step(inner, params, mean(grad, state), state.inner);
            java.util.Arrays.fill(acc, 0);
        } else {
            for (int i = 0; i < acc.length; i++) {
                acc[i] += grad[i];
            }
        }
        state.completed();
    }

    private double[] mean(double[] grad, State state) {
        double[] acc = state.accumulated;
        double[] out = state.work;
        double k = every;
        for (int i = 0; i < acc.length; i++) {
            out[i] = (acc[i] + grad[i]) / k;
        }
        return out;
    }

    /** State: the accumulated gradient {@code accumulate.a} and the inner state. */
    public static final class State extends OptimizerState {
        /** a, the sum of the gradients since the last update. */
        public final double[] accumulated;
        /** The wrapped optimizer's state. */
        public final OptimizerState inner;
        final double[] work;

        State(ParamLayout layout, Optimizer<?> innerOptimizer) {
            super("accumulate", layout);
            accumulated = buffer("a", layout.size());
            inner = child("inner", Inner.init(innerOptimizer, layout));
            work = scratch(layout.size());
        }

        void completed() {
            advance();
        }
    }
}
