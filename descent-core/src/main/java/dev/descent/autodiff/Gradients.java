package dev.descent.autodiff;

/**
 * The result of one backward pass ({@link Tape#grad(Var)}): ∂loss/∂x for every variable and
 * parameter leaf x. The arrays are fresh for each call of {@code grad} and belong to the caller;
 * nothing accumulates across calls, so there is nothing to zero.
 */
public final class Gradients {

    private final Tape tape;
    private final double[][] adjoints;
    private final double loss;

    Gradients(Tape tape, double[][] adjoints, double loss) {
        this.tape = tape;
        this.adjoints = adjoints;
        this.loss = loss;
    }

    /** The loss value at which the gradients were taken. */
    public double loss() {
        return loss;
    }

    /**
     * ∂loss/∂leaf, of the leaf's shape (zeros if the loss does not depend on it). Not copied:
     * repeated calls return views of the same array.
     *
     * @throws IllegalArgumentException if {@code leaf} is not a variable or parameter of this tape
     */
    public Tensor get(Var leaf) {
        return tape.leafGradient(leaf, adjoints);
    }
}
