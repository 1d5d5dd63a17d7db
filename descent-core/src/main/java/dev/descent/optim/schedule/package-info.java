/**
 * Learning-rate schedules: pure functions of the step count.
 *
 * <p>Convention: {@code valueAt(k)} is the value used by the update that follows k completed
 * steps, so the first update uses {@code valueAt(0)}. This matches the book (ε_k with k = t − 1)
 * and torch (the lr in force before the k-th {@code scheduler.step()}). Schedules are records:
 * immutable, comparable and printable. They never mutate an optimizer.
 */
package dev.descent.optim.schedule;
