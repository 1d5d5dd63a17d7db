package dev.descent.optim;

import dev.descent.optim.schedule.Schedule;

/**
 * An optimizer whose step size is a learning-rate schedule ε_k. Wrappers that scale with the
 * learning rate (decoupled weight decay, the L1 proximal step) and reports read it here.
 */
public interface HasLearningRate {

    /** ε_k as a function of the number of completed steps. */
    Schedule learningRate();
}
