package dev.descent.autodiff;

/**
 * A primitive operation of the tape: a pure function of its input tensors together with its
 * vector-Jacobian product (vjp), written side by side in one record per primitive.
 *
 * <p>The set is closed (sealed), and it is small on purpose: every other operation is a composite
 * of these (see {@link Composite} and the fluent methods of {@link Var}), so its gradient comes
 * for free and needs no separate test.
 *
 * <pre>
 *   forward:  y = f(x₁, …, x_k)
 *   vjp:      x̄ᵢ += ȳ · ∂f/∂xᵢ      for every input i that needs a gradient (x̄ᵢ ≠ null)
 * </pre>
 *
 * <p>A record holds only the attributes of the operation (an axis, an exponent, the labels, the
 * dropout mask); the inputs are tape nodes, passed in by the {@link Tape}. Contracts:
 * <ul>
 *   <li>{@link #forward} checks the shapes first and throws {@link IllegalArgumentException} naming
 *       the operation and the shapes; it returns a fresh tensor (its own array, offset 0) and
 *       modifies no input.</li>
 *   <li>{@link #vjp} <em>adds</em> to the input adjoints (never overwrites): an input used twice,
 *       as in {@code x.mul(x)}, receives both contributions in the same buffer. It modifies only
 *       the non-null arrays of {@code inputGrads}.</li>
 * </ul>
 */
public sealed interface Op permits Add, Sub, Mul, Div, MatMul, Transpose, AddBias, Sum, Exp, Log, Tanh, Sigmoid,
        Relu, Square, Sqrt, Pow, Max, LogSumExp, SoftmaxCrossEntropy, Dropout {

    /** Reduce over every element (the result is a scalar), for {@link Sum}, {@link Max}, {@link LogSumExp}. */
    int ALL = -1;

    /** The operation's name in messages, e.g. {@code "matmul"}. */
    String name();

    /** Number of inputs. */
    int arity();

    /**
     * Computes y.
     *
     * @param inputs not modified: the input values, {@link #arity()} of them
     * @return a fresh tensor
     * @throws IllegalArgumentException when the shapes do not fit, naming the op and the shapes
     */
    Tensor forward(Tensor[] inputs);

    /**
     * Adds ȳ·∂y/∂xᵢ to each {@code inputGrads[i]} that is not null.
     *
     * @param inputs     not modified: the input values given to {@link #forward}
     * @param output     not modified: the value {@link #forward} returned
     * @param outputGrad not modified: ȳ = ∂loss/∂y, row-major, length {@code output.size()}
     * @param inputGrads modified: x̄ᵢ, row-major, length {@code inputs[i].size()}; null entries are
     *                   inputs that need no gradient and are skipped
     */
    void vjp(Tensor[] inputs, Tensor output, double[] outputGrad, double[][] inputGrads);
}
