package dev.descent.autodiff;

import dev.descent.linalg.MatMulKernel;
import dev.descent.linalg.ParamLayout;
import dev.descent.problem.Objective;
import java.util.Arrays;
import java.util.Objects;

/**
 * An {@link Objective} whose value and gradient come from a loss written with the tape, so that
 * any descent optimizer can minimize an autodiff-defined loss.
 *
 * <pre>{@code
 * ParamLayout layout = ParamLayout.builder().add("w", 2).add("b").build();
 * Objective j = TapeObjective.of(layout, (tape, p) -> {
 *     Var z = tape.constant(features).matmul(p.get("w")).add(p.get("b"));
 *     return Composite.binaryCrossEntropy(z.sigmoid(), tape.constant(targets));
 * });
 * Result r = new Minimizer<>(Adam.of(0.1), new MaxIterations(500)).minimize(j, new double[3]);
 * }</pre>
 *
 * Each evaluation builds a fresh {@link Tape}, reads θ through zero-copy views
 * ({@link ParamVars}), runs the backward pass and writes ∇J into the caller's buffer in θ's
 * layout. Blocks the loss does not use get a zero gradient. {@link #value} skips the backward pass.
 *
 * @param layout the blocks of θ
 * @param loss   builds the scalar loss on the given tape from the given parameters
 * @param kernel the matrix-product kernel for the tapes
 */
public record TapeObjective(ParamLayout layout, Loss loss, MatMulKernel kernel) implements Objective {

    /** A loss written with the tape: must return a scalar (shape []) of {@code tape}. */
    @FunctionalInterface
    public interface Loss {
        Var apply(Tape tape, ParamVars params);
    }

    public TapeObjective {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(kernel, "kernel");
    }

    /** With the standard kernel. */
    public static TapeObjective of(ParamLayout layout, Loss loss) {
        return new TapeObjective(layout, loss, MatMulKernel.standard());
    }

    @Override
    public int dimension() {
        return layout.size();
    }

    /**
     * @param x    not modified
     * @param grad modified: ∇J(x), every entry written
     */
    @Override
    public double valueAndGradient(double[] x, double[] grad) {
        if (grad.length != layout.size()) {
            throw new IllegalArgumentException("grad has length " + grad.length + " but the layout has size "
                    + layout.size());
        }
        Tape tape = new Tape(kernel);
        Var j = build(tape, x);
        Arrays.fill(grad, 0.0);
        return tape.gradientInto(j, grad);
    }

    /** J(x) by a forward pass only. {@code x} is not modified. */
    @Override
    public double value(double[] x) {
        return build(new Tape(kernel), x).item();
    }

    private Var build(Tape tape, double[] x) {
        Var j = loss.apply(tape, new ParamVars(tape, x, layout));
        if (j == null || j.tape() != tape) {
            throw new IllegalArgumentException("the loss function must return a Var of the tape it was given");
        }
        if (j.value().rank() != 0) {
            throw new IllegalArgumentException("the loss must be a scalar (shape []), got shape "
                    + Tensor.format(j.shape()) + "; reduce it first, e.g. with sum() or mean()");
        }
        return j;
    }
}
