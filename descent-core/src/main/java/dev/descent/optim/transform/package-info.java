/**
 * Wrappers that compose around any optimizer, in the spirit of Optax's {@code chain}: gradient
 * clipping, maximization, coupled and decoupled weight decay, the L1 proximal step, gradient
 * accumulation, a non-finite policy and parameter groups.
 *
 * <p>Shared conventions:
 * <ul>
 *   <li>A wrapper is an immutable record holding its settings and the {@code inner} optimizer;
 *       its state holds the inner state as the child {@code inner}, so a whole stack is saved,
 *       copied and restored as one {@link dev.descent.optim.StateDict}.</li>
 *   <li>Gradient transforms write g′ into a scratch vector; the caller's gradient is never
 *       modified.</li>
 *   <li>A refused step changes nothing: a wrapper validates first, lets the inner optimizer
 *       validate and step, and only then commits its own state.</li>
 *   <li>Wrappers ask the inner optimizer for the evaluation point, so the book's look-ahead forms
 *       keep working inside them.</li>
 * </ul>
 */
package dev.descent.optim.transform;
