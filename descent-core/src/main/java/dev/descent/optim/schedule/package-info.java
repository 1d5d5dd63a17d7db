/**
 * Learning-rate (and hyperparameter) schedules: pure functions of the step count.
 *
 * <p>Shared conventions:
 * <ul>
 *   <li>{@code valueAt(k)} is the value used by the update that follows k completed steps, so the
 *       first update uses {@code valueAt(0)}. This matches the book (ε_k with k = t − 1) and torch
 *       (the lr in force before the k-th {@code scheduler.step()}, with {@code scheduler.step()}
 *       called once after every {@code optimizer.step()}). Optax's {@code count} is the same k.</li>
 *   <li>Schedules are records: immutable, validated in the constructor (messages name the
 *       parameter, its value and the allowed range), comparable and printable. They never mutate an
 *       optimizer; the step count lives in the optimizer's state, so a restored state resumes its
 *       schedule exactly.</li>
 *   <li>Each schedule states its formula and its torch/Optax/Keras equivalent. Where torch computes
 *       recursively (lr ← lr·factor), descent evaluates torch's closed form, which agrees to about
 *       1e-15 relative; the torch conformance cases check this at 1e-13.</li>
 *   <li>Composition: {@link dev.descent.optim.schedule.Piecewise} (one schedule after another, each
 *       with its own local step count), {@link dev.descent.optim.schedule.LinearWarmup#then},
 *       {@link dev.descent.optim.schedule.Schedule#times(double)} and
 *       {@link dev.descent.optim.schedule.Schedule#times(Schedule)}.</li>
 *   <li>An optimizer's {@code learningRate} is a {@code Schedule}. Other hyperparameters (β₁, momentum,
 *       weight decay) follow schedules through
 *       {@link dev.descent.optim.transform.ScheduledHyperparameters}, and reduce-on-plateau, which
 *       depends on observed metrics rather than on the step alone, is the wrapper
 *       {@link dev.descent.optim.transform.ReduceOnPlateau} with its own saved state.</li>
 *   <li>descent's optimizers refuse a learning rate of 0, so a schedule that reaches 0 (torch's
 *       {@code PolynomialLR}, a cosine with η_min = 0 at its end) refuses that step.</li>
 * </ul>
 *
 * <p>This package depends on nothing else in descent (the wrappers that apply schedules live in
 * {@code optim.transform}, which keeps the packages free of cycles).
 */
package dev.descent.optim.schedule;
