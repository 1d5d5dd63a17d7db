package dev.descent.optim.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * Several schedules one after another: the i-th runs from its milestone on, with its own local step
 * count starting at 0.
 *
 * <pre>
 *   m₀ = 0 &lt; m₁ &lt; … &lt; m_{n−1}             (milestones; m₀ implicit)
 *   i = the largest index with m_i ≤ k
 *   ε_k = s_i(k − m_i)
 * </pre>
 *
 * <p>Built with {@link #of} and {@link #then}, or {@link LinearWarmup#then}:
 * <pre>{@code
 * Schedule s = Piecewise.of(new LinearWarmup(0.1, 0.01, 1, 500))
 *         .then(500, CosineDecay.of(0.1, 9_000, 1e-4))
 *         .then(9_500, Schedule.constant(1e-4));
 * }</pre>
 *
 * <h2>Conventions</h2>
 * Optax's {@code join_schedules(schedules, boundaries)} exactly: at k = m_i the i-th schedule starts
 * at its own step 0. torch's {@code SequentialLR(optimizer, schedulers, milestones)} intends the same,
 * but it mutates the optimizer's lr and in 1.13 restarts a scheduler at a milestone with
 * {@code step(0)}, whose result depends on whether that scheduler has a closed form; schedules here
 * are pure functions, so there is nothing to restart. Keras has no combinator.
 *
 * @param schedules  s₀, …, s_{n−1}, at least one
 * @param milestones m₁, …, m_{n−1}: one fewer than schedules, strictly increasing, each ≥ 1
 * @see LinearWarmup#then
 */
public record Piecewise(List<Schedule> schedules, List<Long> milestones) implements Schedule {

    public Piecewise {
        Schedules.checkNotNull("schedules", schedules);
        if (schedules.isEmpty()) {
            throw new IllegalArgumentException("schedules is empty; give at least one schedule");
        }
        for (int i = 0; i < schedules.size(); i++) {
            if (schedules.get(i) == null) {
                throw new IllegalArgumentException("schedules[" + i + "] is null");
            }
        }
        schedules = List.copyOf(schedules);
        milestones = Schedules.checkMilestones("milestones", milestones);
        if (milestones.size() != schedules.size() - 1) {
            throw new IllegalArgumentException("milestones has " + milestones.size() + " entries, expected "
                    + (schedules.size() - 1) + " (one fewer than the " + schedules.size() + " schedules)");
        }
    }

    /** Just {@code first}, from step 0 on. */
    public static Piecewise of(Schedule first) {
        Schedules.checkNotNull("first", first);
        return new Piecewise(List.of(first), List.of());
    }

    /** This sequence followed by {@code next}, which starts at step {@code milestone} with local step 0. */
    public Piecewise then(long milestone, Schedule next) {
        List<Schedule> s = new ArrayList<>(schedules);
        s.add(next);
        List<Long> m = new ArrayList<>(milestones);
        m.add(milestone);
        return new Piecewise(s, m);
    }

    @Override
    public double valueAt(long step) {
        int i = Schedules.countReached(milestones, step);
        long start = i == 0 ? 0 : milestones.get(i - 1);
        return schedules.get(i).valueAt(step - start);
    }
}
