/**
 * Optimizers: one update rule per file, each an immutable validated record plus an explicit state.
 *
 * <p>Shared conventions:
 * <ul>
 *   <li>Gradients are of the quantity being <em>minimized</em>; updates move against them.</li>
 *   <li>Names follow torch.optim/Optax in camelCase. The book's ε is {@code learningRate}, its δ is
 *       {@code eps}, its α is {@code momentum}, its ρ₁, ρ₂ are {@code beta1}, {@code beta2}.</li>
 *   <li>The seven algorithms of Goodfellow et al. ch. 8 (8.1–8.7) default to the book's form; each
 *       offers torch.optim's conventions through a {@code torch(...)} factory or typed options
 *       ({@link dev.descent.optim.EpsilonPlacement}, {@link dev.descent.optim.NesterovForm},
 *       {@link dev.descent.optim.MomentumForm}).</li>
 *   <li>The algorithms beyond the book ({@link dev.descent.optim.AdamW}, {@link dev.descent.optim.Adamax},
 *       {@link dev.descent.optim.NAdam}, {@link dev.descent.optim.RAdam},
 *       {@link dev.descent.optim.AdaDelta}, {@link dev.descent.optim.Rprop},
 *       {@link dev.descent.optim.Asgd}) default to torch.optim's defaults and reproduce its update
 *       rules; {@link dev.descent.optim.Lion} follows Optax's {@code lion} with its authors'
 *       defaults.</li>
 *   <li>Scalar state (NAdam's μ-product, ASGD's η and μ) is kept in one-element buffers, so it is
 *       saved, copied and restored with the vectors.</li>
 *   <li>The state's step count t is the number of completed updates; an update uses the learning
 *       rate {@code schedule.valueAt(t)} and bias corrections with t + 1, so t starts at 1 in
 *       the formulas.</li>
 *   <li>{@code step} validates first, then writes: a refused step changes nothing.</li>
 *   <li>{@code step} is one fused loop over the flat arrays and allocates nothing. The exception is
 *       the quasi-Newton method {@link dev.descent.optim.Lbfgs}: its two-loop recursion makes 2m + 3
 *       passes, and its update with the objective allocates a few small objects per line search.</li>
 *   <li>Optimizers that can use the objective itself (line searches) implement
 *       {@link dev.descent.optim.LineSearchOptimizer}; loops that have the objective call its
 *       {@code step(params, value, grad, objective, state)}, others the plain {@code step}.</li>
 * </ul>
 */
package dev.descent.optim;
