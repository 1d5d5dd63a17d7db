package dev.descent.report.demo;

import dev.descent.report.Item;
import dev.descent.report.Section;
import dev.descent.report.figure.ContourField;
import dev.descent.report.figure.Figure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Sections 1 and 2 of the demo: the book's seven algorithms and Adam's relatives from the same
 * start on each built-in landscape, drawn as paths over contours and as loss curves, with a
 * table of how each run ended.
 *
 * <p>Choosing the learning rate is the first hard part the book names, so each optimizer's rate
 * on each landscape is the best of a log-spaced grid: a run that reaches x* (within
 * {@link PathRun#REACHED}) beats one that does not, then fewer steps win; among runs that do not
 * reach it, the smaller final distance to the nearest minimizer wins; a diverged run never wins.
 * On the saddle, which has no minimizer, every optimizer gets the same rate.
 */
final class LandscapeSections {

    private LandscapeSections() {
    }

    /** The saddle's common learning rate and step budget. */
    static final double SADDLE_RATE = 0.05;

    /** The runs of one landscape, in the order of the optimizers. */
    record Runs(Landscape landscape, List<PathRun> runs, ContourField field) {
    }

    static double[] grid(DemoContext ctx) {
        return ctx.quick() ? new double[] {3e-3, 3e-2, 0.3}
                : new double[] {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0};
    }

    static List<String> optimizers() {
        List<String> all = new ArrayList<>(Specs.BOOK);
        all.addAll(Specs.RELATIVES);
        return all;
    }

    /** Runs every optimizer on every built-in landscape (in parallel; results do not depend on it). */
    static List<Runs> runAll(DemoContext ctx) {
        List<Landscape> landscapes = List.copyOf(Landscape.builtIns().values());
        List<String> names = optimizers();
        double[] grid = grid(ctx);
        long maxSteps = ctx.size(20_000, 2_000);
        double tol = 1e-8;
        int tasks = landscapes.size() * names.size();
        PathRun[] chosen = new PathRun[tasks];
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, tasks).parallel().forEach(t -> {
            Landscape l = landscapes.get(t / names.size());
            String name = names.get(t % names.size());
            PathRun best = null;
            if (!Specs.tuned(name)) {
                best = PathRun.run(Specs.spec(name, 1), l, tol, maxSteps);
            } else if (!l.hasOptimum()) {
                best = PathRun.run(Specs.spec(name, SADDLE_RATE), l, tol, ctx.size(300, 200));
            } else {
                for (double lr : grid) {
                    PathRun r = PathRun.run(Specs.spec(name, lr), l, tol, maxSteps);
                    if (best == null || better(r, best)) {
                        best = r;
                    }
                }
            }
            chosen[t] = best;
            ctx.progress().update("paths: " + name + " on " + l.name(), done.incrementAndGet(), tasks);
        });
        List<Runs> out = new ArrayList<>();
        for (int i = 0; i < landscapes.size(); i++) {
            Landscape l = landscapes.get(i);
            List<PathRun> runs = List.of(chosen).subList(i * names.size(), (i + 1) * names.size());
            out.add(new Runs(l, runs, LandscapeFigures.field(l, ctx.size(140, 70))));
            for (PathRun r : runs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("problem", l.name());
                m.put("spec", r.spec());
                m.put("steps", r.steps());
                m.put("evaluations", r.result().evaluations());
                m.put("final_value", finite(r.result().value()));
                m.put("distance_to_optimum", finite(r.distance()));
                m.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
                m.put("stop", r.result().reason().detail());
                m.put("seconds", r.nanos() / 1e9);
                ctx.record("paths", m);
            }
        }
        return out;
    }

    static boolean better(PathRun r, PathRun best) {
        if (r.diverged() != best.diverged()) {
            return !r.diverged();
        }
        boolean reached = r.outcome() == PathRun.Outcome.REACHED_OPTIMUM;
        boolean bestReached = best.outcome() == PathRun.Outcome.REACHED_OPTIMUM;
        if (reached != bestReached) {
            return reached;
        }
        if (reached) {
            return r.steps() < best.steps();
        }
        return r.distance() < best.distance();
    }

    static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static Section paths(List<Runs> all, boolean demo) {
        List<Item> items = new ArrayList<>();
        for (Runs r : all) {
            Landscape l = r.landscape();
            Figure f = LandscapeFigures.paths("paths-" + l.name(), "Paths on " + l.name(), l, r.field(), r.runs());
            items.add(new Item.FigureItem(f, l.description() + ". Each line is one optimizer's iterates θ₀, θ₁, … "
                    + (!demo ? "(legend: its spec)." : l.hasOptimum()
                            ? "with the learning rate that did best on this landscape (legend)."
                            : "with the same learning rate ε = " + SADDLE_RATE + ".")));
            List<String> off = new ArrayList<>();
            for (PathRun p : r.runs()) {
                if (p.diverged() || p.outcome() == PathRun.Outcome.OTHER_STATIONARY_POINT
                        || p.outcome() == PathRun.Outcome.BUDGET && l.hasOptimum()) {
                    off.add(p.diverged() ? p.verdict() : p.spec() + " " + p.verdict());
                }
            }
            if (!off.isEmpty()) {
                items.add(new Item.Note(l.name() + ", runs that did not reach x*: " + String.join("; ", off) + ".",
                        true));
            }
        }
        String text = """
                <p>Every optimizer starts from the same point θ₀ and follows its update rule until
                ‖∇J‖ ≤ 1e-8, the step budget is spent, or the run leaves the window. The learning rate of each
                path is the best of a log-spaced grid (the book's first hard part: see section 5); L-BFGS takes a
                first step of 1 and then lets its strong-Wolfe line search choose. On the ill-conditioned quadratic
                plain gradient descent zig-zags across the steep direction; momentum averages the zig-zag away;
                the adaptive methods rescale each coordinate. On the saddle, plain gradient descent lingers where
                the y-gradient is tiny, while methods that normalize the step escape at once. Himmelblau's four
                minima show that where an optimizer ends depends on how it moves, not only where it starts.</p>
                """;
        if (!demo) {
            text = "<p>Every spec starts from the same point θ₀ and follows its update rule until ‖∇J‖ ≤ 1e-8, the"
                    + " step budget is spent, or the run leaves the landscape.</p>";
        }
        return new Section("paths", "Paths on landscapes", text, demo ? EQUATIONS : "", items);
    }

    static Section losses(List<Runs> all, boolean demo) {
        List<Item> items = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (Runs r : all) {
            Landscape l = r.landscape();
            items.add(new Item.FigureItem(LandscapeFigures.losses("loss-" + l.name(), "Loss curves on " + l.name(), l,
                    r.runs()), l.hasOptimum() ? "J(θₖ) − J* against the step k, both on log scales (θ₀ is at k = 0, "
                            + "off the log axis); J is evaluated at θₖ itself, also for the look-ahead methods."
                            : "J(θₖ) against the step k while θₖ is inside the window: on the saddle J has no lower bound,"
                                    + " and a run stops once ‖θ‖ > " + l.escape() + "."));
            for (PathRun p : r.runs()) {
                rows.add(List.of(l.name(), p.spec(), Long.toString(p.steps()), Specs.fmt(p.result().value()),
                        Specs.fmt(p.distance()), p.verdict(), String.format(java.util.Locale.ROOT, "%.1f",
                                p.nanos() / 1e6)));
            }
        }
        items.add(new Item.Table("runs", (demo ? "Every run of sections 1 and 2:" : "Every run:") + " steps to ‖∇J‖ ≤ 1e-8 (or to the budget), the"
                + " final value, the distance to the nearest minimizer and how the run ended (time in ms, on this"
                + " machine, not in the CSV).", List.of("problem", "optimizer", "steps", "final J", "‖x − x*‖",
                        "outcome", "time (ms)"), rows, List.of("time (ms)")));
        String text = """
                <p>The same runs as loss curves. Linear convergence is a straight line on these axes' log-linear
                reading; the adaptive methods' constant-rate curves often level off near x*, where the step
                ε·ĝ/(√r̂ + δ) no longer shrinks with the gradient, and L-BFGS's superlinear convergence
                falls off a cliff. The table's verdict checks the end point against the known minimizers: a
                run that meets the tolerance elsewhere is reported as stopped at another stationary point.</p>
                """;
        if (!demo) {
            text = "<p>The same runs as loss curves, and how each ended: the verdict checks the end point against"
                    + " the known minimizers.</p>";
        }
        return new Section("loss-curves", "Loss curves", text, "", items);
    }

    /** The update rules drawn in section 1 (book notation: ε learning rate, δ stabilizer). */
    static final String EQUATIONS = """
            SGD (8.1)             θ ← θ − ε g
            Momentum (8.2)        v ← αv − ε g;            θ ← θ + v
            Nesterov (8.3)        g at θ + αv;  v ← αv − ε g;  θ ← θ + v
            AdaGrad (8.4)         r ← r + g⊙g;             θ ← θ − ε g / (δ + √r)
            RMSProp (8.5)         r ← ρr + (1 − ρ) g⊙g;    θ ← θ − ε g / √(δ + r)
            RMSProp+Nesterov (8.6) g at θ + αv; r ← ρr + (1 − ρ) g⊙g; v ← αv − ε g/√r; θ ← θ + v
            Adam (8.7)            s ← ρ₁s + (1 − ρ₁) g;  r ← ρ₂r + (1 − ρ₂) g⊙g;  ŝ = s/(1 − ρ₁ᵗ), r̂ = r/(1 − ρ₂ᵗ)
                                  θ ← θ − ε ŝ / (√r̂ + δ)
            AdamW                 θ ← θ(1 − ελ), then the Adam step
            NAdam                 Adam with the Nesterov look-ahead on the first moment (μ-schedule ψ = 0.004)
            Lion                  c = β₁m + (1 − β₁) g;  θ ← θ − ε sign(c);  m ← β₂m + (1 − β₂) g
            L-BFGS (§8.6.3)       d = −H g from the last m pairs (s, y);  θ ← θ + η d, η by a strong-Wolfe line search
            """;
}
