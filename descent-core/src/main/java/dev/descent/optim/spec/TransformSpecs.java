package dev.descent.optim.spec;

import dev.descent.optim.Optimizer;
import dev.descent.optim.transform.ClipByGlobalNorm;
import dev.descent.optim.transform.ClipByNorm;
import dev.descent.optim.transform.ClipByValue;
import dev.descent.optim.transform.DecoupledWeightDecay;
import dev.descent.optim.transform.GradientAccumulation;
import dev.descent.optim.transform.L1Proximal;
import dev.descent.optim.transform.Maximize;
import dev.descent.optim.transform.NonFiniteGuard;
import dev.descent.optim.transform.NonFinitePolicy;
import dev.descent.optim.transform.Sam;
import dev.descent.optim.transform.WeightDecay;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of gradient transforms that a spec can put after {@code |}. */
public final class TransformSpecs {

    /** Builds the wrapper around {@code inner}. */
    @FunctionalInterface
    interface Factory {
        Optimizer<?> wrap(Args args, Optimizer<?> inner);
    }

    /**
     * One transform.
     *
     * @param name    the spec name
     * @param summary one line
     * @param params  parameters in positional order
     * @param factory builds it
     */
    record Entry(String name, String summary, List<SpecParam> params, Factory factory) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add("clip_value", "clamp every gradient component to [−clip, clip]",
                List.of(new SpecParam("clip", null, "c > 0")),
                (a, in) -> new ClipByValue(a.number("clip"), in));
        add("clip_norm", "rescale each block's gradient to norm ≤ max_norm",
                List.of(new SpecParam("max_norm", null, "c > 0")),
                (a, in) -> new ClipByNorm(a.number("max_norm"), in));
        add("clip_global_norm", "rescale the whole gradient to norm ≤ max_norm",
                List.of(new SpecParam("max_norm", null, "c > 0")),
                (a, in) -> new ClipByGlobalNorm(a.number("max_norm"), in));
        add("maximize", "climb instead of descend (hands −g on)", List.of(), (a, in) -> new Maximize(in));
        add("weight_decay", "coupled L2: g + λθ", List.of(new SpecParam("weight_decay", null, "λ ≥ 0")),
                (a, in) -> new WeightDecay(a.number("weight_decay"), in));
        add("decoupled_weight_decay", "θ ← θ − ε_k λθ at every step (AdamW-style, any optimizer)",
                List.of(new SpecParam("weight_decay", null, "λ ≥ 0")),
                (a, in) -> DecoupledWeightDecay.of(a.number("weight_decay"), in));
        add("l1", "L1 by a proximal step (soft-threshold by ε_k λ)", List.of(new SpecParam("l1", null, "λ ≥ 0")),
                (a, in) -> L1Proximal.of(a.number("l1"), in));
        add("accumulate", "step with the mean gradient of every k calls",
                List.of(new SpecParam("every", null, "k ≥ 1")),
                (a, in) -> new GradientAccumulation(a.intValue("every"), in));
        add("sam", "sharpness-aware minimization: sync_period − 1 normalized ascent steps of length rho, then the "
                + "optimizer's step with the gradient there (Optax contrib.sam)",
                List.of(new SpecParam("rho", "0.1", "ρ > 0"), new SpecParam("sync_period", "2", "P ≥ 2")),
                (a, in) -> new Sam(in, a.number("rho"), a.intValue("sync_period")));
        add("nonfinite", "what to do with a NaN/Inf gradient: refuse, skip or stop",
                List.of(new SpecParam("policy", "refuse", "refuse | skip | stop")),
                (a, in) -> new NonFiniteGuard(a.choice("policy", NonFinitePolicy.class), in));
    }

    private TransformSpecs() {
    }

    private static void add(String name, String summary, List<SpecParam> params, Factory f) {
        ENTRIES.put(name, new Entry(name, summary, params, f));
    }

    static Entry get(String name) {
        return ENTRIES.get(name);
    }

    /** The parameters of transform {@code name}, in positional order, or null when there is none so named. */
    public static List<SpecParam> params(String name) {
        Entry e = ENTRIES.get(name);
        return e == null ? null : e.params();
    }

    /** The transform names, in listing order. */
    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    /** One line per transform for help output: {@code name(params): summary}. */
    public static List<String> describe() {
        List<Catalog.Line> lines = new java.util.ArrayList<>();
        for (Entry e : ENTRIES.values()) {
            lines.add(new Catalog.Line(e.name(), e.params(), e.summary()));
        }
        return Catalog.describe(lines);
    }
}
