package dev.descent.optim.transform;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Wrapper;

/**
 * A wrapper whose state is a {@link WrapperState}: the inner state as child {@code inner} plus a
 * scratch vector. The shapes {@link GradientRewrite} and {@link AfterInnerStep} share it.
 */
interface SingleStateWrapper extends Wrapper<WrapperState> {

    @Override
    default OptimizerState innerState(WrapperState state) {
        return state.inner;
    }

    @Override
    default WrapperState init(ParamLayout layout) {
        return new WrapperState(name(), layout, inner());
    }
}
