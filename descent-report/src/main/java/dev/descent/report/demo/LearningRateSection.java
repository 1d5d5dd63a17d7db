package dev.descent.report.demo;

import dev.descent.report.Item;
import dev.descent.report.Section;
import dev.descent.report.figure.ContourField;
import dev.descent.report.figure.Figure;
import dev.descent.report.figure.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Section 5: the learning-rate lesson. Gradient descent on the ill-conditioned quadratic
 * (eigenvalues 1 and 30) converges only for ε &lt; 2/λ_max = 2/30; a rate far below that crawls,
 * one just above it oscillates ever wider. The sweep behind "good": the loss after a fixed
 * number of steps against ε, for SGD, momentum and Adam.
 */
final class LearningRateSection {

    private LearningRateSection() {
    }

    /** Too small, good, too large for gradient descent on the quadratic (2/λ_max ≈ 0.0667). */
    static final double[] RATES = {0.002, 0.06, 0.069};
    static final String[] WORDS = {"too small", "good", "too large"};

    static Section build(DemoContext ctx, ContourField field) {
        Landscape q = Landscape.builtIns().get("quadratic");
        int steps = ctx.size(150, 100);
        List<PathRun> lesson = new ArrayList<>();
        for (double lr : RATES) {
            lesson.add(PathRun.run(Specs.spec("sgd", lr), q, 1e-12, steps));
        }
        List<Item> items = new ArrayList<>();
        items.add(new Item.FigureItem(LandscapeFigures.paths("lr-paths", "Gradient descent on the quadratic: three"
                + " learning rates", q, field, lesson), "sgd with ε = 0.002 (too small: " + steps + " steps do not"
                + " get near x*), 0.06 (good: just below 2/λ_max = 0.0667) and 0.069 (too large: every step overshoots"
                + " along the steep direction by more than it corrects, so the iterates oscillate outward)."));
        items.add(new Item.FigureItem(LandscapeFigures.losses("lr-losses", "Loss for the three learning rates", q,
                lesson), "J(θₖ) − J*: the small rate decreases slowly, the good one linearly, the large one grows."));
        for (int i = 0; i < lesson.size(); i++) {
            PathRun r = lesson.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("spec", r.spec());
            m.put("label", WORDS[i]);
            m.put("steps", r.steps());
            m.put("final_value", LandscapeSections.finite(r.result().value()));
            m.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
            ctx.record("learning-rate", m);
        }

        // the sweep
        int points = ctx.size(25, 9);
        int sweepSteps = ctx.size(200, 100);
        double[] rates = new double[points];
        for (int i = 0; i < points; i++) {
            // 1e-4 … 1, rounded to two digits so that specs read well
            rates[i] = Double.parseDouble(String.format(Locale.ROOT, "%.2g", Math.pow(10, -4 + 4.0 * i / (points - 1))));
        }
        List<Series> sweep = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (String name : List.of("sgd", "momentum", "adam")) {
            double[] loss = new double[points];
            double firstDiverged = Double.NaN;
            double best = Double.NaN;
            double bestLoss = Double.POSITIVE_INFINITY;
            for (int i = 0; i < points; i++) {
                PathRun r = PathRun.run(Specs.spec(name, rates[i]), q, 1e-300, sweepSteps);
                double gap = r.result().value() - q.minimum();
                loss[i] = r.diverged() || !Double.isFinite(gap) ? Double.NaN : Math.max(gap, 1e-300);
                if (r.diverged() && Double.isNaN(firstDiverged)) {
                    firstDiverged = rates[i];
                }
                if (loss[i] < bestLoss) {
                    bestLoss = loss[i];
                    best = rates[i];
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("spec", r.spec());
                m.put("steps", r.steps());
                m.put("final_gap", LandscapeSections.finite(loss[i]));
                m.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
                ctx.record("learning-rate-sweep", m);
            }
            sweep.add(Series.of(name + ": J − J* after " + sweepSteps + " steps", rates, loss, Series.Style.LINE_POINTS));
            if (!Double.isNaN(firstDiverged)) {
                notes.add(name + " diverged for ε ≥ " + Specs.rate(firstDiverged) + " (no point drawn)");
            }
            rows.add(List.of(name, Specs.rate(best), Specs.fmt(bestLoss),
                    Double.isNaN(firstDiverged) ? "none up to 1" : Specs.rate(firstDiverged)));
        }
        items.add(new Item.FigureItem(Figure.lines("lr-sweep", "Learning-rate sweep on the quadratic", "learning rate ε",
                "J − J* after " + sweepSteps + " steps", Figure.Scale.LOG, Figure.Scale.LOG, sweep),
                "Each point is one run of " + sweepSteps + " steps from (−4, 3). The curves are U-shaped: too small"
                        + " a rate does not get far, too large a rate diverges. Theory for the quadratic: gradient descent is"
                        + " stable for ε < 2/λ_max ≈ 0.067, the heavy ball with α = 0.9 for ε < 2(1 + α)/λ_max ≈ 0.127;"
                        + " Adam's step is about ε per coordinate whatever the gradient's scale, so it does not diverge"
                        + " here but stalls at a distance that grows with ε."));
        if (!notes.isEmpty()) {
            items.add(new Item.Note(String.join("; ", notes) + ".", true));
        }
        items.add(new Item.Table("lr-sweep", "The best rate of the sweep and where each optimizer starts to diverge",
                List.of("optimizer", "best ε", "J − J* at best ε", "diverges from ε"), rows));
        String text = """
                <p>The learning rate is the hyperparameter that matters most (Goodfellow et al. §8.5, §11.4.1).
                On a quadratic with Hessian eigenvalues λ, gradient descent multiplies the error along each
                eigenvector by 1 − ελ per step: it converges when |1 − ελ| &lt; 1 for every λ, i.e.
                ε &lt; 2/λ_max, and the slowest direction then shrinks by 1 − ελ_min. The condition number
                λ_max/λ_min = 30 is what makes the good range narrow.</p>
                """;
        String eq = """
                θ ← θ − ε∇J(θ),   J(θ) = ½ θᵀAθ
                eₖ₊₁ = (I − εA) eₖ:  converges iff ε < 2/λ_max;  rate max(|1 − ελ_min|, |1 − ελ_max|)
                """;
        return new Section("learning-rate", "The learning-rate lesson", text, eq, items);
    }
}
