package dev.descent.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * An optimizer that wraps exactly one inner optimizer (clipping, weight decay, the non-finite
 * guard, accumulation, reduce-on-plateau, scheduled hyperparameters): its {@link #inner()}
 * optimizer and, for a state of this wrapper, the {@link #innerState inner optimizer's state}.
 * Code that looks through wrappers (the learning rate a listener reports, the algorithm a
 * conformance case exercises) walks this interface and nothing else. A partition, which steps
 * several optimizers, is not a wrapper.
 *
 * @param <S> the wrapper's state type
 */
public interface Wrapper<S extends OptimizerState> extends Optimizer<S> {

    /** The wrapped optimizer. */
    Optimizer<?> inner();

    /**
     * The state the inner optimizer steps with: usually the child {@code inner} of {@code state},
     * or {@code state} itself for a wrapper that shares its inner optimizer's state.
     *
     * @param state not modified
     */
    OptimizerState innerState(S state);

    /** Where the inner optimizer evaluates the gradient (a look-ahead point, say); most wrappers keep it. */
    @Override
    default double[] evaluationPoint(double[] params, S state) {
        return evaluationPointOf(inner(), params, innerState(state));
    }

    /** The inner optimizer's model point (schedule-free's x, say); wrappers do not move it. */
    @Override
    default double[] modelPoint(double[] params, S state) {
        return modelPointOf(inner(), params, innerState(state));
    }

    /** One optimizer of a wrapper chain and the state it steps with (null when none was given). */
    record Link(Optimizer<?> optimizer, OptimizerState state) {
    }

    /**
     * The chain from {@code optimizer} inwards: each wrapper with its state, then its inner
     * optimizer with the inner state, down to the first optimizer that is not a wrapper.
     *
     * @param state the state of {@code optimizer} (one its {@code init} created), or null to walk
     *              the optimizers only
     */
    static List<Link> chain(Optimizer<?> optimizer, OptimizerState state) {
        List<Link> out = new ArrayList<>();
        Optimizer<?> o = optimizer;
        OptimizerState s = state;
        while (o != null) {
            out.add(new Link(o, s));
            if (!(o instanceof Wrapper<?> w)) {
                break;
            }
            s = s == null ? null : innerStateOf(w, s);
            o = w.inner();
        }
        return out;
    }

    /** The first optimizer of the chain from {@code optimizer} inwards that is not a wrapper. */
    static Optimizer<?> innermost(Optimizer<?> optimizer) {
        List<Link> chain = chain(optimizer, null);
        return chain.get(chain.size() - 1).optimizer();
    }

    /** The first optimizer of {@code type} in the chain from {@code optimizer} inwards, or null. */
    static <T> T find(Optimizer<?> optimizer, Class<T> type) {
        for (Link l : chain(optimizer, null)) {
            if (type.isInstance(l.optimizer())) {
                return type.cast(l.optimizer());
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static <T extends OptimizerState> double[] evaluationPointOf(Optimizer<T> o, double[] params,
            OptimizerState s) {
        return o.evaluationPoint(params, (T) s);
    }

    @SuppressWarnings("unchecked")
    private static <T extends OptimizerState> double[] modelPointOf(Optimizer<T> o, double[] params,
            OptimizerState s) {
        return o.modelPoint(params, (T) s);
    }

    @SuppressWarnings("unchecked")
    private static <S extends OptimizerState> OptimizerState innerStateOf(Wrapper<S> w, OptimizerState s) {
        return w.innerState((S) s);
    }
}
