package dev.descent.optim.transform;

import dev.descent.optim.Hyper;
import dev.descent.optim.OptimizerState;

/**
 * The shared shape of the wrappers that rewrite the gradient and hand it on: g′ = T(g, θ) into
 * a scratch vector, then the inner step with g′. Validation happens before anything is written
 * and the inner optimizer validates g′, so a refused step changes nothing.
 */
final class GradientTransform {

    private GradientTransform() {
    }

    /** Checks the raw gradient's length and finiteness (the inner rule checks the rest). */
    static void checkRaw(String name, double[] params, double[] grad, OptimizerState state) {
        Hyper.checkStep(name, params, grad, state);
    }
}
