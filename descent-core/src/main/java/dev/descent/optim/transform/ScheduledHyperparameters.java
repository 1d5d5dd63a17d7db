package dev.descent.optim.transform;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Hyper;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.RecordCopier;
import dev.descent.optim.Wrapper;
import dev.descent.optim.schedule.Schedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any hyperparameter of any optimizer record on a schedule: at each step, the inner optimizer with
 * the scheduled components replaced by their values for this step, stepped with the same state.
 *
 * <pre>
 *   k = state.step()                                  (completed updates)
 *   config_k = inner with c ← schedules[c].valueAt(k)   for every scheduled double component c
 *   config_k.step(θ, g, state)
 * </pre>
 *
 * <p>For example torch's {@code OneCycleLR}, which cycles Adam's β₁ along with the learning rate:
 *
 * <pre>{@code
 * OneCycle cycle = OneCycle.of(0.1, 1000);
 * Optimizer<Adam.State> opt = ScheduledHyperparameters.of(Adam.defaults().withLearningRate(cycle),
 *         Map.of("beta1", cycle.momentum()));
 * }</pre>
 *
 * <p>A component typed {@code double} (β₁, β₂, momentum, weight decay, ...) gets the schedule's value
 * at k. A component typed {@link Schedule} ({@code learningRate}) gets the schedule itself, which the
 * inner optimizer evaluates at the same k, so {@code Map.of("learningRate", s)} equals
 * {@code inner.withLearningRate(s)}. Components of other types (booleans, enums) cannot be scheduled.
 *
 * <h2>Conventions</h2>
 * Schedules never mutate an optimizer (torch's schedulers write {@code group['betas']} and
 * {@code group['lr']} in place): the record for step k is built from the inner optimizer and k alone, through
 * the inner optimizer's canonical constructor, so it is validated like a hand-written one and a value the inner
 * refuses ({@code beta1 = 1.2}) refuses the step, naming the step, the values and the inner optimizer's message;
 * nothing is changed then. The configuration for step 0 is validated when this wrapper is created.
 * {@link #init} returns the inner optimizer's own state: the state type, its keys and checkpoints are exactly
 * those of the inner, and a state can move between the inner optimizer and this wrapper. The state's layout is
 * the inner optimizer's, so a scheduled value must not change which buffers the inner optimizer allocates (for example
 * {@code RmsProp} allocates its momentum buffer only when its momentum is &gt; 0: give the inner optimizer a
 * non-zero momentum); {@link #init} checks this for step 0.
 *
 * <h2>Memory</h2>
 * Nothing beyond the inner optimizer's state. Each step builds one small record (plus its argument array and
 * boxed values: a few dozen bytes, independent of the number of parameters) through a cached
 * {@link java.lang.invoke.MethodHandle} of the canonical constructor ({@link RecordCopier}).
 *
 * <h2>References</h2>
 * L. N. Smith, "A disciplined approach to neural network hyper-parameters: Part 1", arXiv:1803.09820
 * (2018), for cycling momentum against the learning rate; torch's {@code OneCycleLR(cycle_momentum=True)}
 * and {@code CyclicLR}; Optax's {@code inject_hyperparameters}, which does the same for any optax
 * transformation.
 *
 * @param inner     the optimizer record whose components are scheduled
 * @param schedules component name → schedule, for {@code double} or {@link Schedule} components
 * @param <S>       the inner optimizer's state type
 * @see ReduceOnPlateau
 * @see dev.descent.optim.schedule.OneCycle#momentum()
 */
public record ScheduledHyperparameters<S extends OptimizerState>(Optimizer<S> inner, Map<String, Schedule> schedules)
        implements Wrapper<S> {

    public ScheduledHyperparameters {
        Hyper.notNull("inner", inner);
        Hyper.notNull("schedules", schedules);
        RecordCopier<Record> copier = copier(inner);
        if (schedules.isEmpty()) {
            throw new IllegalArgumentException("schedules is empty; step the inner optimizer itself");
        }
        for (Map.Entry<String, Schedule> e : schedules.entrySet()) {
            int i = copier.indexOf(e.getKey());
            Class<?> type = copier.componentType(i);
            if (type != double.class && type != Schedule.class) {
                List<String> allowed = new ArrayList<>(copier.componentsOfType(double.class));
                allowed.addAll(copier.componentsOfType(Schedule.class));
                throw new IllegalArgumentException(inner.name() + ": component '" + e.getKey() + "' is a "
                        + type.getSimpleName() + " and cannot follow a schedule; these can: "
                        + String.join(", ", allowed));
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("the schedule for '" + e.getKey() + "' is null");
            }
        }
        // In component order, so that printing and iteration do not depend on the caller's map.
        Map<String, Schedule> ordered = new LinkedHashMap<>();
        for (String name : copier.components()) {
            if (schedules.containsKey(name)) {
                ordered.put(name, schedules.get(name));
            }
        }
        schedules = Collections.unmodifiableMap(ordered);
        configure(inner, schedules, 0); // eager: the first step's configuration must be valid
    }

    /** {@code inner} with {@code schedules} (component name → schedule). */
    public static <S extends OptimizerState> ScheduledHyperparameters<S> of(Optimizer<S> inner,
            Map<String, ? extends Schedule> schedules) {
        return new ScheduledHyperparameters<>(inner, schedules == null ? null : new LinkedHashMap<>(schedules));
    }

    /** This wrapper with one more (or a replaced) scheduled component. */
    public ScheduledHyperparameters<S> with(String component, Schedule schedule) {
        Map<String, Schedule> m = new LinkedHashMap<>(schedules);
        m.put(component, schedule);
        return new ScheduledHyperparameters<>(inner, m);
    }

    /**
     * The configuration used by the update after {@code step} completed steps: the inner optimizer with every
     * scheduled component set for that step.
     *
     * @throws IllegalArgumentException when the inner optimizer refuses a scheduled value, with the inner optimizer's message
     */
    public Optimizer<S> at(long step) {
        return configure(inner, schedules, step);
    }

    @Override
    public String name() {
        return "scheduled_hyperparameters";
    }

    /** {@code state} itself: the inner optimizer steps with this wrapper's state. */
    @Override
    public OptimizerState innerState(S state) {
        return state;
    }

    /** The inner's state (the same type, keys and checkpoints as the inner optimizer's own). */
    @Override
    public S init(ParamLayout layout) {
        S state = inner.init(layout);
        OptimizerState first = at(0).init(layout);
        if (!first.buffersView().keySet().equals(state.buffersView().keySet())) {
            throw new IllegalArgumentException(name() + ": the scheduled values change the state of " + inner.name()
                    + ": step 1 needs buffers " + first.buffersView().keySet() + " but the inner optimizer allocates "
                    + state.buffersView().keySet() + "; configure the inner optimizer so that it allocates them");
        }
        return state;
    }

    /**
     * One update with this step's configuration.
     *
     * @param params modified: θ
     * @param grad   not modified
     * @param state  modified: the inner optimizer's state
     * @throws IllegalArgumentException if this step's configuration or the step is refused; then nothing
     *                                  was modified
     */
    @Override
    public void step(double[] params, double[] grad, S state) {
        at(state.step()).step(params, grad, state);
    }

    @Override
    public double[] evaluationPoint(double[] params, S state) {
        return at(state.step()).evaluationPoint(params, state);
    }

    @Override
    public double[] modelPoint(double[] params, S state) {
        return at(state.step()).modelPoint(params, state);
    }

    @Override
    public void check(double[] params, double[] grad, S state) {
        at(state.step()).check(params, grad, state);
    }

    @Override
    public S copyState(S state) {
        return inner.copyState(state);
    }

    @SuppressWarnings("unchecked")
    private static RecordCopier<Record> copier(Optimizer<?> inner) {
        return (RecordCopier<Record>) RecordCopier.forObject("inner", inner);
    }

    @SuppressWarnings("unchecked")
    private static <S extends OptimizerState> Optimizer<S> configure(Optimizer<S> inner,
            Map<String, Schedule> schedules, long step) {
        RecordCopier<Record> copier = copier(inner);
        Object[] args = copier.values((Record) inner);
        for (Map.Entry<String, Schedule> e : schedules.entrySet()) {
            int i = copier.indexOf(e.getKey());
            args[i] = copier.componentType(i) == double.class ? (Object) e.getValue().valueAt(step) : e.getValue();
        }
        try {
            return (Optimizer<S>) copier.create(args);
        } catch (IllegalArgumentException ex) {
            StringBuilder values = new StringBuilder();
            for (Map.Entry<String, Schedule> e : schedules.entrySet()) {
                int i = copier.indexOf(e.getKey());
                if (copier.componentType(i) == double.class) {
                    values.append(values.length() == 0 ? "" : ", ").append(e.getKey()).append(" = ").append(args[i]);
                }
            }
            throw new IllegalArgumentException("scheduled_hyperparameters: " + inner.name() + " refuses the values for step "
                    + (step + 1) + (values.length() == 0 ? "" : " (" + values + ")") + ": " + ex.getMessage()
                    + "; nothing was changed", ex);
        }
    }
}
