package dev.descent.optim.spec;

import dev.descent.optim.schedule.Constant;
import dev.descent.optim.schedule.LinearDecay;
import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.schedule.StepDecay;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of schedules a spec can put after {@code @}. Each is a shape relative to the
 * optimizer's learning rate ε₀, so {@code adam(lr=1e-3) @ step(every=1000, gamma=0.5)} starts at
 * 1e-3.
 */
public final class Schedules {

    /** Builds the schedule from ε₀ and the arguments. */
    @FunctionalInterface
    interface Factory {
        Schedule create(double lr0, Args args);
    }

    /**
     * One schedule.
     *
     * @param name    the spec name
     * @param summary one line with the formula
     * @param params  parameters in positional order
     * @param factory builds it
     */
    record Entry(String name, String summary, List<Args.Param> params, Factory factory) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add("constant", "ε_k = ε₀", List.of(), (lr, a) -> new Constant(lr));
        add("linear_decay", "the book's ε_k = (1 − k/τ)ε₀ + (k/τ)ε_τ, then ε_τ; ε_τ = end_factor·ε₀",
                List.of(new Args.Param("tau", null, "τ ≥ 1 steps"), new Args.Param("end_factor", "0.01", "ε_τ/ε₀")),
                (lr, a) -> new LinearDecay(lr, lr * a.number("end_factor"), a.integer("tau")));
        add("step", "ε_k = ε₀·γ^⌊k/every⌋ (torch StepLR)",
                List.of(new Args.Param("every", null, "steps between reductions"),
                        new Args.Param("gamma", "0.1", "factor in (0, 1]")),
                (lr, a) -> new StepDecay(lr, a.number("gamma"), a.integer("every")));
    }

    private Schedules() {
    }

    static void add(String name, String summary, List<Args.Param> params, Factory f) {
        ENTRIES.put(name, new Entry(name, summary, params, f));
    }

    static Entry get(String name) {
        return ENTRIES.get(name);
    }

    /** The schedule names, in listing order. */
    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    /** One line per schedule for help output. */
    public static List<String> describe() {
        List<Catalog.Line> lines = new java.util.ArrayList<>();
        for (Entry e : ENTRIES.values()) {
            lines.add(new Catalog.Line(e.name(), e.params(), e.summary()));
        }
        return Catalog.describe(lines);
    }
}
