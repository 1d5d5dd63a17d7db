package dev.descent.train;

import dev.descent.optim.HasLearningRate;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.transform.GradientAccumulation;
import dev.descent.optim.transform.NonFiniteGuard;
import dev.descent.optim.transform.ReduceOnPlateau;
import dev.descent.optim.transform.ScheduledHyperparameters;
import dev.descent.optim.transform.WrapperState;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * The learning rate the next step of an optimizer will use, for listeners and histories: ε(k) of
 * the optimizer's schedule at its state's step k, looking through wrappers (clipping, weight decay,
 * guards, accumulation, reduce-on-plateau, scheduled hyperparameters) to the rule that has it. NaN
 * when there is none (Rprop) or several (a partition).
 */
final class LearningRates {

    private LearningRates() {
    }

    /** One optimizer of a wrapper chain and the state it steps with. */
    record Link(Optimizer<?> optimizer, OptimizerState state) {
    }

    /**
     * The wrapper chain from {@code optimizer} inwards: each wrapper and its state, then its
     * {@code inner} optimizer and the state's {@code inner} child, until an optimizer that wraps
     * nothing (or a partition, whose groups are not followed).
     */
    static List<Link> chain(Optimizer<?> optimizer, OptimizerState state) {
        List<Link> out = new ArrayList<>();
        Optimizer<?> o = optimizer;
        OptimizerState s = state;
        while (o != null && s != null && out.size() < 64) {
            out.add(new Link(o, s));
            if (o instanceof ScheduledHyperparameters<?> sh) {
                o = sh.base(); // the base shares the state
                continue;
            }
            o = innerOf(o);
            s = innerStateOf(s);
        }
        return out;
    }

    /** The learning rate of the next step (see the class comment). */
    static double next(Optimizer<?> optimizer, OptimizerState state) {
        for (Link l : chain(optimizer, state)) {
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

    /** The first reduce-on-plateau wrapper of the chain, or null. */
    static Link plateau(Optimizer<?> optimizer, OptimizerState state) {
        for (Link l : chain(optimizer, state)) {
            if (l.optimizer() instanceof ReduceOnPlateau && l.state() instanceof ReduceOnPlateau.State) {
                return l;
            }
        }
        return null;
    }

    /** The first reduce-on-plateau wrapper around or inside {@code optimizer}, or null (no state needed). */
    static ReduceOnPlateau plateauOf(Optimizer<?> optimizer) {
        Optimizer<?> o = optimizer;
        for (int depth = 0; o != null && depth < 64; depth++) {
            if (o instanceof ReduceOnPlateau r) {
                return r;
            }
            o = o instanceof ScheduledHyperparameters<?> sh ? sh.base() : innerOf(o);
        }
        return null;
    }

    private static OptimizerState innerStateOf(OptimizerState s) {
        if (s instanceof WrapperState w) {
            return w.inner;
        }
        if (s instanceof NonFiniteGuard.State g) {
            return g.inner;
        }
        if (s instanceof GradientAccumulation.State a) {
            return a.inner;
        }
        if (s instanceof ReduceOnPlateau.State r) {
            return r.inner;
        }
        return null;
    }

    /** The {@code inner} component of a wrapper record, or null. */
    private static Optimizer<?> innerOf(Optimizer<?> o) {
        if (!o.getClass().isRecord()) {
            return null;
        }
        for (RecordComponent c : o.getClass().getRecordComponents()) {
            if (c.getName().equals("inner") && Optimizer.class.isAssignableFrom(c.getType())) {
                try {
                    return (Optimizer<?>) c.getAccessor().invoke(o);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
