/**
 * Neural networks and the classic linear models, with their parameters in one flat vector θ so
 * that every optimizer, schedule and parameter-group rule of {@link dev.descent.optim} applies
 * unchanged.
 *
 * <h2>The pieces</h2>
 * <ul>
 *   <li>{@link dev.descent.nn.Model}: a {@link dev.descent.linalg.ParamLayout}, a seeded
 *       initialization, and a forward pass on an autodiff {@link dev.descent.autodiff.Tape}.</li>
 *   <li>{@link dev.descent.nn.Dense} (affine + {@link dev.descent.nn.Activation} + optional
 *       dropout), {@link dev.descent.nn.Sequential}, {@link dev.descent.nn.Mlp};
 *       {@link dev.descent.nn.LinearRegression}, {@link dev.descent.nn.LogisticRegression},
 *       {@link dev.descent.nn.SoftmaxRegression}; {@link dev.descent.nn.Init} (Xavier, He,
 *       torch's nn.Linear default).</li>
 *   <li>{@link dev.descent.nn.Loss} (MSE, logistic, softmax cross-entropy),
 *       {@link dev.descent.nn.Regularizer} (L2 on weights), and
 *       {@link dev.descent.nn.ModelObjective}, which turns them into the batch objective of
 *       training and scores whole datasets ({@link dev.descent.nn.Evaluation}).</li>
 * </ul>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li><b>Parameter names.</b> Layer k (counting from 1) of a Sequential owns the blocks
 *       {@code Wk} [inputs, outputs] and {@code bk} [outputs], in the order W1, b1, W2, b2, …;
 *       W is the transpose of torch's {@code nn.Linear.weight}.</li>
 *   <li><b>Rows are examples.</b> Inputs are [m, features], outputs [m, outputs]; a layer computes
 *       {@code act(x·W + b)}.</li>
 *   <li><b>Means, not sums.</b> Every loss is the mean over the batch's rows (MSE over all
 *       elements), so learning rates do not depend on the batch size; the regularizer is added
 *       once per batch.</li>
 *   <li><b>Gradients</b> are of the quantity to be minimized, written into a caller-owned flat
 *       buffer with θ's layout.</li>
 *   <li><b>Randomness</b> comes only from explicit seeds: initialization from a seed or a
 *       generator, dropout masks from the seed of {@link dev.descent.nn.Mode#train(long)}. The
 *       same seeds give the same θ and the same training run, bit for bit.</li>
 * </ul>
 */
package dev.descent.nn;
