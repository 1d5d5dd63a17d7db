package dev.descent.optim.transform;


/**
 * The shape shared by the wrappers that only rewrite the gradient: g′ = T(θ, g) into the state's
 * scratch vector, then the inner step with g′. Validation comes first and the inner optimizer
 * validates g′, so a refused step changes nothing. Implementations supply {@link #inner()} and
 * {@link #rewrite}.
 */
interface GradientRewrite extends SingleStateWrapper {

    /**
     * Writes g′ into {@code out} and returns it.
     *
     * @param params not modified
     * @param grad   not modified
     * @param state  the wrapper's state (its layout names the blocks)
     * @param out    modified: receives g′
     */
    double[] rewrite(double[] params, double[] grad, WrapperState state, double[] out);

    @Override
    default void check(double[] params, double[] grad, WrapperState state) {
        GradientTransform.checkRaw(name(), params, grad, state);
        Inner.check(inner(), params, rewrite(params, grad, state, state.work), state.inner);
    }

    @Override
    default void step(double[] params, double[] grad, WrapperState state) {
        GradientTransform.checkRaw(name(), params, grad, state);
        Inner.step(inner(), params, rewrite(params, grad, state, state.work), state.inner);
        state.completed();
    }
}
