package dev.descent.optim;

import dev.descent.optim.schedule.Schedule;

/**
 * An optimizer whose step size is a learning-rate schedule ε_k. Wrappers that scale with the
 * learning rate (decoupled weight decay, the L1 proximal step) and reports read it here.
 */
public interface HasLearningRate {

    /** ε_k as a function of the number of completed steps. */
    Schedule learningRate();

    /**
     * A copy of this configuration with {@code learningRate} as ε_k and everything else unchanged,
     * validated like a hand-written one (wrappers such as reduce-on-plateau rebuild the inner
     * optimizer for each step through this method).
     *
     * @throws IllegalArgumentException if the configuration refuses the schedule
     */
    Optimizer<?> withLearningRate(Schedule learningRate);
}
