package dev.descent.autodiff;

import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;

/**
 * The parameters of one evaluation of a {@link TapeObjective}: each block of θ as a param leaf of
 * the evaluation's tape, made on first use and then reused, so a block used twice is one leaf
 * whose gradient accumulates.
 */
public final class ParamVars {

    private final Tape tape;
    private final double[] theta;
    private final ParamLayout layout;
    private final Var[] vars;

    /**
     * @param theta not modified: the flat parameter vector the views read
     */
    public ParamVars(Tape tape, double[] theta, ParamLayout layout) {
        if (theta.length != layout.size()) {
            throw new IllegalArgumentException("theta has length " + theta.length + " but the layout has size "
                    + layout.size());
        }
        this.tape = tape;
        this.theta = theta;
        this.layout = layout;
        this.vars = new Var[layout.blocks().size()];
    }

    /** The tape the leaves are on. */
    public Tape tape() {
        return tape;
    }

    /** The layout of θ. */
    public ParamLayout layout() {
        return layout;
    }

    /** The block named {@code name} as a param leaf (a zero-copy view of θ). */
    public Var get(String name) {
        Block b = layout.block(name);
        int i = layout.blocks().indexOf(b);
        if (vars[i] == null) {
            vars[i] = tape.param(theta, b);
        }
        return vars[i];
    }
}
