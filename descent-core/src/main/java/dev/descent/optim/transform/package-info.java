/**
 * Wrappers that compose around any optimizer, in the spirit of Optax's {@code chain}: gradient
 * clipping, maximization, coupled and decoupled weight decay, the L1 proximal step, gradient
 * accumulation, a non-finite policy and parameter groups; and the two wrappers that apply
 * schedules beyond a record's own {@code learningRate}: {@link ScheduledHyperparameters} (any
 * {@code double} hyperparameter on a schedule, e.g. torch's OneCycleLR β₁ cycle) and
 * {@link ReduceOnPlateau} (a metric-driven scale on top of any learning-rate schedule).
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
 *   <li>{@link ScheduledHyperparameters} is the one exception to the child-state rule: it rebuilds
 *       its base record for every step and steps it with the base's own state, so its state type
 *       and checkpoints are the base's. Both schedule wrappers rebuild records through
 *       {@link dev.descent.optim.RecordCopier}, the single place where descent copies a record
 *       with a component replaced. They live here rather than in {@code optim.schedule} so that
 *       the schedule package stays free of optimizers (and the packages free of cycles).</li>
 * </ul>
 */
package dev.descent.optim.transform;
