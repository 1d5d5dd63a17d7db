package dev.descent.optim;

/**
 * An optimizer whose update needs the loss value J at the evaluation point as well as its
 * gradient: the Polyak step sizes ({@link Polyak}, {@link SpsMax}) divide J − J* by ‖g‖².
 *
 * <p>The value reaches the update in one of two ways:
 * <ul>
 *   <li>{@link #step(double[], double, double[], OptimizerState)}, when the caller holds the
 *       optimizer itself;</li>
 *   <li>{@link #offerValue}, before the plain {@link #step(double[], double[], OptimizerState)} of
 *       the outermost optimizer, when the caller may hold a wrapper chain (clipping, the
 *       non-finite guard, scheduled hyperparameters): it walks {@link Wrapper#chain} to the
 *       value-aware optimizer and leaves J in its state for the coming step only, so every wrapper
 *       passes it on without knowing about it. {@link dev.descent.minimize.Minimizer},
 *       {@link dev.descent.train.Trainer} and the conformance replayer do this.</li>
 * </ul>
 *
 * <p>A plain {@code step} with no value offered is refused with an
 * {@link IllegalArgumentException} that names the optimizer and says it needs the loss value;
 * nothing is changed. (Taking some default step instead would silently run a different
 * algorithm.) A value is consumed by the step that uses it, refused steps included, so a stale
 * value never reaches a later step. Wrappers that step an inner optimizer less often than they
 * are stepped (gradient accumulation) pass on the value of the last call; a {@code Partition} is
 * not a wrapper and does not pass a value on.
 *
 * @param <S> the state type
 */
public interface ValueAwareOptimizer<S extends OptimizerState> extends Optimizer<S> {

    /**
     * Applies one update with the loss value at the evaluation point.
     *
     * @param params modified: θ
     * @param value  J(θ), the loss whose gradient {@code grad} is (a minibatch's for stochastic use)
     * @param grad   not modified: ∇J(θ)
     * @param state  modified
     * @throws IllegalArgumentException if the step is refused (non-finite value or gradient, wrong
     *                                  lengths); then nothing was modified
     */
    void step(double[] params, double value, double[] grad, S state);

    /**
     * Leaves J in the state of the value-aware optimizer this state belongs to, for its next step;
     * {@code state} is the state of {@code optimizer}.
     *
     * @param value J at the evaluation point
     * @param state not modified
     */
    void offer(double value, S state);

    /**
     * Offers {@code value} to the first value-aware optimizer in the wrapper chain from
     * {@code optimizer} inwards, if there is one.
     *
     * @param optimizer an optimizer, possibly wrapped
     * @param state     a state {@code optimizer.init} created
     * @param value     J at the point where the coming step's gradient was taken
     * @return whether a value-aware optimizer took it
     */
    @SuppressWarnings("unchecked")
    static boolean offerValue(Optimizer<?> optimizer, OptimizerState state, double value) {
        for (Wrapper.Link l : Wrapper.chain(optimizer, state)) {
            if (l.optimizer() instanceof ValueAwareOptimizer<?> v) {
                ((ValueAwareOptimizer<OptimizerState>) v).offer(value, l.state());
                return true;
            }
        }
        return false;
    }

    /**
     * The value offered to a state's two-slot buffer {@code pending} (value, offered flag), consumed;
     * refuses, naming {@code optimizer}, when none was offered.
     */
    static double take(String optimizer, double[] pending, OptimizerState state) {
        boolean offered = pending[1] != 0;
        double v = pending[0];
        pending[0] = Double.NaN;
        pending[1] = 0;
        if (!offered) {
            throw new IllegalArgumentException(optimizer + " needs the loss value J at step " + (state.step() + 1)
                    + ": call step(params, value, grad, state), or ValueAwareOptimizer.offerValue before step;"
                    + " nothing was changed");
        }
        return v;
    }

    /** Stores {@code value} in a state's two-slot buffer {@code pending} for its next step. */
    static void put(double[] pending, double value) {
        pending[0] = value;
        pending[1] = 1;
    }
}
