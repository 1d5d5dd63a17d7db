package dev.descent.optim.transform;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;

/**
 * A wrapped optimizer of unknown state type, with the unchecked casts in one place. The state
 * passed in is always one that {@link #init} of the same optimizer created.
 */
final class Inner {

    private Inner() {
    }

    static OptimizerState init(Optimizer<?> o, ParamLayout layout) {
        return o.init(layout);
    }

    @SuppressWarnings("unchecked")
    static <S extends OptimizerState> void step(Optimizer<S> o, double[] params, double[] grad, OptimizerState s) {
        o.step(params, grad, (S) s);
    }

    @SuppressWarnings("unchecked")
    static <S extends OptimizerState> void check(Optimizer<S> o, double[] params, double[] grad, OptimizerState s) {
        o.check(params, grad, (S) s);
    }

    @SuppressWarnings("unchecked")
    static <S extends OptimizerState> double[] evaluationPoint(Optimizer<S> o, double[] params, OptimizerState s) {
        return o.evaluationPoint(params, (S) s);
    }

    @SuppressWarnings("unchecked")
    static <S extends OptimizerState> double[] modelPoint(Optimizer<S> o, double[] params, OptimizerState s) {
        return o.modelPoint(params, (S) s);
    }

    static void notNull(Optimizer<?> inner) {
        if (inner == null) {
            throw new IllegalArgumentException("inner optimizer must not be null");
        }
    }
}
