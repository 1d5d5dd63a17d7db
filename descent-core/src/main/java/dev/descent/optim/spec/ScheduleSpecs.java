package dev.descent.optim.spec;

import dev.descent.optim.schedule.Constant;
import dev.descent.optim.schedule.CosineDecay;
import dev.descent.optim.schedule.CosineWarmRestarts;
import dev.descent.optim.schedule.ExponentialDecay;
import dev.descent.optim.schedule.InverseSqrtDecay;
import dev.descent.optim.schedule.InverseTimeDecay;
import dev.descent.optim.schedule.LinearDecay;
import dev.descent.optim.schedule.LinearWarmup;
import dev.descent.optim.schedule.MultiStepDecay;
import dev.descent.optim.schedule.OneCycle;
import dev.descent.optim.schedule.PolynomialDecay;
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
public final class ScheduleSpecs {

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
    record Entry(String name, String summary, List<SpecParam> params, Factory factory) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add("constant", "ε_k = ε₀", List.of(), (lr, a) -> new Constant(lr));
        add("linear_decay", "the book's ε_k = (1 − k/τ)ε₀ + (k/τ)ε_τ, then ε_τ; ε_τ = end_factor·ε₀",
                List.of(new SpecParam("tau", null, "τ ≥ 1 steps"), new SpecParam("end_factor", "0.01", "ε_τ/ε₀")),
                (lr, a) -> new LinearDecay(lr, lr * a.number("end_factor"), a.integer("tau")));
        add("step", "ε_k = ε₀·γ^⌊k/every⌋ (torch StepLR)",
                List.of(new SpecParam("every", null, "steps between reductions"),
                        new SpecParam("gamma", "0.1", "factor in (0, 1]")),
                (lr, a) -> new StepDecay(lr, a.number("gamma"), a.integer("every")));
        add("multistep", "ε₀·γ^(number of milestones ≤ k) (torch MultiStepLR)",
                List.of(new SpecParam("milestones", null, "(k₁, k₂, …) increasing"),
                        new SpecParam("gamma", "0.1", "factor in (0, 1]")),
                (lr, a) -> MultiStepDecay.of(lr, a.number("gamma"), a.integers("milestones")));
        add("exponential", "ε_k = ε₀·γ^k (torch ExponentialLR)", List.of(new SpecParam("gamma", null, "factor in (0, 1]")),
                (lr, a) -> ExponentialDecay.of(lr, a.number("gamma")));
        add("polynomial", "ε_k = (ε₀ − ε_T)(1 − k/T)^p + ε_T, then ε_T; ε_T = end_factor·ε₀ (Keras, Optax)",
                List.of(new SpecParam("steps", null, "T"), new SpecParam("power", "1", "p > 0"),
                        new SpecParam("end_factor", "0", "ε_T/ε₀")),
                (lr, a) -> new PolynomialDecay(lr, lr * a.number("end_factor"), a.number("power"), a.integer("steps")));
        add("cosine", "ε_k = η + (ε₀ − η)(1 + cos(πk/T))/2, held at η after T (Optax, Keras); clamp=false: torch's",
                List.of(new SpecParam("t_max", null, "T"), new SpecParam("eta_min", "0", "η ≥ 0"),
                        new SpecParam("clamp", "true", "hold after T (false: torch's unclamped curve)")),
                (lr, a) -> a.bool("clamp") ? CosineDecay.of(lr, a.integer("t_max"), a.number("eta_min"))
                        : CosineDecay.torch(lr, a.integer("t_max"), a.number("eta_min")));
        add("cosine_restarts", "SGDR: cosine over periods T₀, T₀·m, … (torch CosineAnnealingWarmRestarts)",
                List.of(new SpecParam("t_0", null, "first period"), new SpecParam("t_mult", "1", "period factor"),
                        new SpecParam("eta_min", "0", "η ≥ 0")),
                (lr, a) -> CosineWarmRestarts.torch(lr, a.integer("t_0"), a.integer("t_mult"), a.number("eta_min")));
        add("warmup", "linear ramp from start_factor·ε₀ to ε₀ over `steps` (torch LinearLR); then=… continues",
                List.of(new SpecParam("steps", null, "length of the ramp"),
                        new SpecParam("start_factor", "0.1", "first value / ε₀"),
                        new SpecParam("then", "constant", "the schedule after the ramp, its step count from 0")),
                null); // built in OptimizerSpec: it nests another schedule
        add("onecycle", "torch OneCycleLR with max_lr = ε₀; also cycles β₁ or momentum 0.95 → 0.85 → 0.95",
                List.of(new SpecParam("total_steps", null, "length of the cycle"),
                        new SpecParam("pct_start", "0.3", "share of the rise"),
                        new SpecParam("div_factor", "25", "ε₀/initial"),
                        new SpecParam("final_div_factor", "1e4", "initial/final"),
                        new SpecParam("cycle_momentum", "true", "cycle β₁ or momentum as torch does")),
                (lr, a) -> OneCycle.of(lr, a.integer("total_steps")).withPctStart(a.number("pct_start"))
                        .withDivFactor(a.number("div_factor")).withFinalDivFactor(a.number("final_div_factor")));
        add("inverse_time", "ε_k = ε₀/(1 + k/τ)", List.of(new SpecParam("tau", "1", "τ > 0")),
                (lr, a) -> new InverseTimeDecay(lr, a.number("tau")));
        add("inverse_sqrt", "ε_k = ε₀/√(1 + k/τ) (τ = 1: the Adam paper's α/√t)", List.of(new SpecParam("tau", "1", "τ > 0")),
                (lr, a) -> new InverseSqrtDecay(lr, a.number("tau")));
    }

    /** The schedule a call describes, started from ε₀; nested calls ({@code then=…}) recurse. */
    static Schedule build(String spec, SpecNode.Call call, double lr0) {
        Entry e = ENTRIES.get(call.name());
        if (e == null) {
            throw new SpecException(spec, call.position(), "unknown schedule '" + call.name() + "'; known: "
                    + String.join(", ", ENTRIES.keySet()));
        }
        Args args = new Args(spec, call, e.params());
        try {
            if (call.name().equals("warmup")) {
                LinearWarmup ramp = new LinearWarmup(lr0, args.number("start_factor"), 1.0, args.integer("steps"));
                SpecNode.Call next = args.nested("then");
                return ramp.then(next == null ? new Constant(lr0) : build(spec, next, lr0));
            }
            return e.factory().create(lr0, args);
        } catch (SpecException x) {
            throw x;
        } catch (IllegalArgumentException x) {
            throw new SpecException(spec, call.position(), call.name() + ": " + x.getMessage());
        }
    }

    private ScheduleSpecs() {
    }

    static void add(String name, String summary, List<SpecParam> params, Factory f) {
        ENTRIES.put(name, new Entry(name, summary, params, f));
    }

    static Entry get(String name) {
        return ENTRIES.get(name);
    }

    /** The parameters of schedule {@code name}, in positional order, or null when there is none so named. */
    public static List<SpecParam> params(String name) {
        Entry e = ENTRIES.get(name);
        return e == null ? null : e.params();
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
