package dev.descent.optim.transform;

import dev.descent.optim.HasLearningRate;
import dev.descent.optim.Hyper;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.Schedule;

/**
 * The shape shared by the wrappers that let the inner optimizer step and then rewrite θ with a
 * factor of the learning rate ε_k (decoupled weight decay, the L1 proximal step). The wrapper checks
 * only what the inner step does not: the lengths and ε_k. The inner step checks the gradient before
 * it writes anything, so the gradient is scanned once and a refused step still changes nothing.
 */
interface AfterInnerStep extends SingleStateWrapper {

    /** ε_k, the schedule that scales the rewrite. */
    Schedule learningRate();

    /**
     * Rewrites θ after the inner step.
     *
     * @param params modified: θ after the inner step
     * @param before not modified: θ before the step (the state's scratch copy; stale when
     *               {@link #readsParamsBefore()} is false)
     * @param lr     ε_k of this step
     */
    void afterStep(double[] params, double[] before, double lr);

    /** Whether {@link #afterStep} reads θ before the step; when not, the copy is skipped. */
    default boolean readsParamsBefore() {
        return true;
    }

    @Override
    default void check(double[] params, double[] grad, WrapperState state) {
        Hyper.checkLengths(name(), params, grad, state);
        Hyper.learningRateAt(name(), learningRate(), state);
        Inner.check(inner(), params, grad, state.inner);
    }

    @Override
    default void step(double[] params, double[] grad, WrapperState state) {
        Hyper.checkLengths(name(), params, grad, state);
        double lr = Hyper.learningRateAt(name(), learningRate(), state);
        double[] before = state.work;
        if (readsParamsBefore()) {
            System.arraycopy(params, 0, before, 0, params.length);
        }
        Inner.step(inner(), params, grad, state.inner);
        afterStep(params, before, lr);
        state.completed();
    }

    /** The inner optimizer's own schedule, for the {@code of(λ, inner)} factories. */
    static Schedule learningRateOf(Optimizer<?> inner, String what) {
        if (!(inner instanceof HasLearningRate h)) {
            throw new IllegalArgumentException(inner.name() + " has no learningRate; give the " + what
                    + "'s schedule explicitly");
        }
        return h.learningRate();
    }
}
