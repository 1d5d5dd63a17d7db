package dev.descent.train;

import dev.descent.optim.HasLearningRate;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Wrapper;
import dev.descent.optim.transform.ReduceOnPlateau;
import dev.descent.optim.transform.ScheduledHyperparameters;

/**
 * The learning rate the next step of an optimizer will use, for listeners and histories: ε(k) of
 * the optimizer's schedule at its state's step k, looking through {@link Wrapper}s (clipping, weight
 * decay, guards, accumulation, reduce-on-plateau, scheduled hyperparameters) to the rule that has it.
 * NaN when there is none (Rprop) or several (a partition).
 */
final class LearningRates {

    private LearningRates() {
    }

    /** The learning rate of the next step (see the class comment). */
    static double next(Optimizer<?> optimizer, OptimizerState state) {
        for (Wrapper.Link l : Wrapper.chain(optimizer, state)) {
            if (l.optimizer() instanceof ReduceOnPlateau r && l.state() instanceof ReduceOnPlateau.State rs) {
                return r.nextLearningRate(rs);
            }
            if (l.optimizer() instanceof ScheduledHyperparameters<?> sh && sh.schedules().containsKey("learningRate")) {
                return sh.schedules().get("learningRate").valueAt(l.state().step());
            }
            if (l.optimizer() instanceof HasLearningRate h) {
                return h.learningRate().valueAt(l.state().step());
            }
        }
        return Double.NaN;
    }

    /** The first reduce-on-plateau wrapper of the chain with its state, or null. */
    static Wrapper.Link plateau(Optimizer<?> optimizer, OptimizerState state) {
        for (Wrapper.Link l : Wrapper.chain(optimizer, state)) {
            if (l.optimizer() instanceof ReduceOnPlateau && l.state() instanceof ReduceOnPlateau.State) {
                return l;
            }
        }
        return null;
    }

    /** The first reduce-on-plateau wrapper around or inside {@code optimizer}, or null (no state needed). */
    static ReduceOnPlateau plateauOf(Optimizer<?> optimizer) {
        return Wrapper.find(optimizer, ReduceOnPlateau.class);
    }
}
