package dev.descent.optim.transform;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;

/**
 * The state of a single-inner wrapper: the inner optimizer's state as child {@code inner}, and a
 * scratch vector for the transformed gradient (not saved).
 */
public class WrapperState extends OptimizerState {

    /** The wrapped optimizer's state. */
    public final OptimizerState inner;
    final double[] work;
    private double[] blockScratch;

    WrapperState(String prefix, ParamLayout layout, Optimizer<?> innerOptimizer) {
        super(prefix, layout);
        this.inner = child("inner", Inner.init(innerOptimizer, layout));
        this.work = scratch(layout.size());
    }

    /** A scratch entry per block (not saved), made on first use. */
    double[] blockScratch() {
        if (blockScratch == null) {
            blockScratch = new double[layout().blocks().size()];
        }
        return blockScratch;
    }

    void completed() {
        advance();
    }
}
