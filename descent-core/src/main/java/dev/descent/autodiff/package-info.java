/**
 * Reverse-mode automatic differentiation over dense tensors: micrograd's clarity at tensor
 * granularity.
 *
 * <h2>The pieces</h2>
 * <ul>
 *   <li>{@link dev.descent.autodiff.Tensor}: a shape plus a window of a {@code double[]}; a block of
 *       the flat parameter vector θ is a zero-copy view.</li>
 *   <li>{@link dev.descent.autodiff.Op}: the closed set of primitives, one record each, with the
 *       forward pass and the vector-Jacobian product side by side: {@code add}, {@code sub},
 *       {@code mul}, {@code div}, {@code matmul}, {@code transpose}, {@code addBias}, {@code sum},
 *       {@code max}, {@code logSumExp}, {@code exp}, {@code log}, {@code tanh}, {@code sigmoid},
 *       {@code relu}, {@code square}, {@code sqrt}, {@code pow}, {@code softmaxCrossEntropy},
 *       {@code dropout}. Everything else ({@code mean}, {@code neg}, {@link
 *       dev.descent.autodiff.Composite}) is composed from them.</li>
 *   <li>{@link dev.descent.autodiff.Tape} (the Wengert list), {@link dev.descent.autodiff.Var} (a
 *       handle with fluent methods) and {@link dev.descent.autodiff.Gradients}.</li>
 *   <li>{@link dev.descent.autodiff.TapeObjective}: an autodiff loss as a
 *       {@link dev.descent.problem.Objective}, for any optimizer; {@link
 *       dev.descent.autodiff.GradCheck}: finite-difference checks of your own losses.</li>
 *   <li>{@link dev.descent.linalg.MatMulKernel}: the matrix products, pure Java by default,
 *       replaceable (for example by a native BLAS) through {@link java.util.ServiceLoader}.</li>
 * </ul>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li><b>Shapes.</b> Tensors have rank 0 (a scalar, shape {@code []}), 1 ({@code [n]}) or 2
 *       ({@code [rows, cols]}), and are dense, contiguous, row-major doubles. Reductions along an
 *       axis remove it (no "keepdims"). Elementwise binary ops need equal shapes or a scalar
 *       operand; the one row broadcast is {@code addBias}. {@code matmul} follows numpy for
 *       vectors.</li>
 *   <li><b>Errors.</b> A shape mismatch throws {@link java.lang.IllegalArgumentException} naming
 *       the op and both shapes, for example
 *       {@code matmul: [3, 4] × [5, 2]: inner dimensions 4 and 5 differ}, when the op is applied;
 *       the tape is then unchanged.</li>
 *   <li><b>What is modified.</b> Nothing but fresh arrays: the tape never writes to a leaf's
 *       array (θ, data); every op returns a new tensor; {@code grad} returns fresh arrays;
 *       {@code gradientInto} writes only the parameter blocks' slices of the caller's flat
 *       gradient.</li>
 *   <li><b>Scalar loss.</b> Differentiation starts from a scalar (shape {@code []}); anything
 *       else is refused with a message saying to reduce it first. Gradients are of the loss as
 *       written, the quantity to be <em>minimized</em>.</li>
 *   <li><b>Order.</b> The backward pass is a loop over the tape in reverse creation order: no
 *       recursion, no sort, the same order every run. Randomness (dropout) comes only from the
 *       generator or seed passed in.</li>
 *   <li><b>Kinks.</b> At non-differentiable points a fixed subgradient is used: relu'(0) = 0, and
 *       a maximum's gradient goes to the first maximal element.</li>
 * </ul>
 */
package dev.descent.autodiff;

import dev.descent.linalg.MatMulKernel;
