package dev.descent.optim;

import dev.descent.linalg.ParamLayout;

/**
 * An update rule: an immutable, validated configuration ({@code this}) plus an explicit state
 * {@code S} created by {@link #init}.
 *
 * <p>The loop that drives an optimizer is always:
 *
 * <pre>{@code
 * S state = optimizer.init(layout);
 * while (...) {
 *     double[] at = optimizer.evaluationPoint(theta, state);  // theta, or a look-ahead point
 *     objective.valueAndGradient(at, grad);
 *     optimizer.step(theta, grad, state);
 * }
 * }</pre>
 *
 * <p>Contracts shared by every implementation:
 * <ul>
 *   <li>{@code step} modifies {@code params} and {@code state}; {@code grad} is not modified.</li>
 *   <li>{@code step} validates before it writes: a refused step (wrong length, non-finite gradient,
 *       invalid learning rate from the schedule) throws {@link IllegalArgumentException} and leaves
 *       {@code params} and {@code state} exactly as they were.</li>
 *   <li>{@code step} allocates nothing; it is one fused pass over the flat arrays.</li>
 *   <li>Gradients are of the quantity being <em>minimized</em>.</li>
 * </ul>
 *
 * @param <S> the state type
 */
public interface Optimizer<S extends OptimizerState> {

    /** The registry name, e.g. {@code "adam"}; also the prefix of state keys. */
    String name();

    /** A fresh state for parameters of this layout (step count 0, moments as the algorithm says). */
    S init(ParamLayout layout);

    /**
     * How many doubles the saved buffers of {@code init(layout)} hold (children included, step
     * counts and work space not), e.g. to check memory before a large run. The default builds the
     * state and counts; an optimizer whose state is large for any layout (L-BFGS's history)
     * computes it without allocating.
     */
    default long stateDoubles(ParamLayout layout) {
        return init(layout).savedDoubles();
    }

    /** A fresh state for a flat vector of {@code size} parameters. */
    default S init(int size) {
        return init(ParamLayout.flat(size));
    }

    /**
     * Applies one update.
     *
     * @param params modified: θ, updated in place
     * @param grad   not modified: ∇J evaluated at {@link #evaluationPoint}
     * @param state  modified: moments and step count
     * @throws IllegalArgumentException if the step is refused; then nothing was modified
     */
    void step(double[] params, double[] grad, S state);

    /**
     * Where the next gradient must be evaluated: {@code params} itself for most algorithms, the
     * look-ahead point θ + αv for the book's Nesterov forms (8.3, 8.6). The returned array may be
     * a buffer owned by {@code state}; it stays valid until the next call on this state.
     *
     * @param params not modified
     * @param state  not modified (apart from its scratch buffer)
     */
    default double[] evaluationPoint(double[] params, S state) {
        return params;
    }

    /**
     * The parameters the run stands for: what a training loop validates and tests, returns as its
     * result and saves as the model. {@code params} itself for almost every algorithm; the averaged
     * point x for the schedule-free ones, whose {@code params} hold the interpolated point y where
     * gradients are taken (their reference's {@code eval()} mode puts x in the parameters, and
     * {@code train()} puts y back). Unlike {@link #evaluationPoint}, it is never where a gradient is
     * taken. The returned array may be a buffer owned by {@code state}, valid until the next call on
     * this state; a caller that keeps it copies it, and a caller may test {@code == params} to know
     * whether it differs.
     *
     * @param params not modified
     * @param state  not modified (apart from its scratch buffer)
     */
    default double[] modelPoint(double[] params, S state) {
        return params;
    }

    /**
     * Throws exactly when {@link #step} would refuse these arguments, and modifies nothing. Wrappers
     * that step several inner optimizers check them all before stepping any, so that a refused
     * step stays atomic. The default checks lengths, finiteness and, for a {@link HasLearningRate},
     * the learning rate of this step.
     *
     * @param params not modified
     * @param grad   not modified
     * @param state  not modified
     */
    default void check(double[] params, double[] grad, S state) {
        Hyper.checkStep(name(), this instanceof HasLearningRate h ? h.learningRate() : k -> 1.0, params, grad, state);
    }

    /** A deep copy of {@code state} that continues bit-for-bit identically. */
    default S copyState(S state) {
        S copy = init(state.layout());
        copy.load(state.stateDict());
        return copy;
    }
}
