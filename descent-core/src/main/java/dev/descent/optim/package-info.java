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
 *       defaults, and {@link dev.descent.optim.Lamb} and {@link dev.descent.optim.Lars} follow
 *       Optax's {@code lamb} and {@code lars} with Optax's defaults; {@link dev.descent.optim.Adafactor}
 *       and {@link dev.descent.optim.Muon} follow current torch.optim (≥ 2.5, ≥ 2.9) with its
 *       defaults, Muon also in Keller Jordan's reference form.</li>
 *   <li>Block-aware rules (LAMB's and LARS's trust ratios, L-DoG's step sizes, Adafactor's
 *       factored moments, Muon's orthogonalization) treat each block of
 *       the {@link dev.descent.linalg.ParamLayout} as Optax treats a leaf and torch a tensor; a flat
 *       layout is one block. Per-block masks are {@link dev.descent.optim.BlockMask}s.</li>
 *   <li>State keys are {@code name.buffer} ({@code name} is the registry name, also the spec key)
 *       with one vocabulary for every algorithm, the book's included: {@code m} is a first moment
 *       (a running average of g: Adam's s, NAdam's and RAdam's m, centered RMSProp's ḡ, Lion's
 *       momentum), {@code v} a second moment (a running average or sum of g²: Adam's and RMSProp's r,
 *       AdaGrad's r, NAdam's n, AdaDelta's E[g²]), {@code v_max} its AMSGrad maximum, and
 *       {@code velocity} a momentum buffer (the book's velocity v, torch's {@code momentum_buffer},
 *       RMSProp's b). Quantities that are neither keep their papers' names (Adamax's u, AdaDelta's
 *       {@code edx2}, Rprop's {@code delta} and {@code g_prev}, L-BFGS's {@code s} and {@code y}).
 *       The Java fields of a state keep the algorithm's own symbols, to read against its
 *       equations.</li>
 *   <li>Wrappers ({@link dev.descent.optim.Wrapper}) hold the inner optimizer's state as the child
 *       {@code inner}, so its keys appear as {@code inner/adam.v} in flat form.</li>
 *   <li>Scalar state (NAdam's μ-product, ASGD's η and μ) is kept in one-element buffers, so it is
 *       saved, copied and restored with the vectors.</li>
 *   <li>The state's step count t is the number of completed updates; an update uses the learning
 *       rate {@code schedule.valueAt(t)} and bias corrections with t + 1, so t starts at 1 in
 *       the formulas.</li>
 *   <li>{@code step} validates first, then writes: a refused step changes nothing.</li>
 *   <li>{@code step} is one fused loop over the flat arrays and allocates nothing. The exception is
 *       the quasi-Newton methods {@link dev.descent.optim.Lbfgs} and {@link dev.descent.optim.TorchLbfgs}:
 *       the two-loop recursion makes 2m + 3 passes, and an update with the objective allocates a few
 *       objects per line search (torch's search one gradient vector per evaluation); the
 *       trust-ratio rules make two passes per block (the norms, then the update).</li>
 *   <li>Optimizers that can use the objective itself (line searches) implement
 *       {@link dev.descent.optim.LineSearchOptimizer}; loops that have the objective call its
 *       {@code step(params, value, grad, objective, state)}, others the plain {@code step}.</li>
 * </ul>
 */
package dev.descent.optim;
