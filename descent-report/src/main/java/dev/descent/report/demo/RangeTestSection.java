package dev.descent.report.demo;

import dev.descent.nn.Loss;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Sequential;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.report.Item;
import dev.descent.report.Section;
import dev.descent.report.demo.MinibatchSection.Model;
import dev.descent.report.demo.MinibatchSection.Problem;
import dev.descent.report.demo.MinibatchSection.Run;
import dev.descent.report.figure.Figure;
import dev.descent.report.figure.Series;
import dev.descent.train.LearningRateFinder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Section: the learning rate chosen for you. The range test ({@link LearningRateFinder}, the
 * finder behind {@code descent lr-find} and {@code train --lr auto}) on the minibatch section's
 * problem, for softmax regression with SGD and the small MLP with Adam, against a log-grid sweep of
 * full trainings: the rate it suggests after one short sweep should train about as well as the
 * grid's best, which costs a whole training per grid point.
 *
 * <p>Both use the data, θ₀ and minibatch order of {@link MinibatchSection} (same seeds). The
 * suggestion is rounded to two significant digits so that its spec reads well; the comparison is
 * on the training loss after the same epochs (the quantity the optimizer minimizes; test accuracy
 * is flat near the Bayes rate here and is shown beside it).
 */
final class RangeTestSection {

    static final String ID = "range-test";

    /** The training loss of the suggested rate may exceed the grid's best by at most this fraction. */
    static final double MARGIN = 0.05;

    /** One model and the optimizer whose learning rate is chosen. */
    record Case(Model model, String optimizer) {
    }

    static final List<Case> CASES = List.of(new Case(Model.SOFTMAX, "sgd"), new Case(Model.MLP, "adam"));

    /**
     * The outcome for one case.
     *
     * @param finder    the finder's result (curve, stop reason, every rule's suggestion)
     * @param suggested the rounded suggestion
     * @param grid      the grid's rates
     * @param runs      one training per grid rate
     * @param chosen    the training with the suggested rate
     * @param best      the index of the grid's best rate (lowest final training loss)
     */
    record Outcome(Case c, LearningRateFinder.Result finder, double suggested, double[] grid, List<Run> runs,
            Run chosen, int best) {

        double bestLoss() {
            return runs.get(best).result().train().loss();
        }

        double chosenLoss() {
            return finalLoss(chosen);
        }

        /** How much higher the suggestion's final training loss is than the grid's best, as a fraction. */
        double excess() {
            return chosenLoss() / bestLoss() - 1;
        }

        boolean withinMargin() {
            return excess() <= MARGIN;
        }
    }

    private RangeTestSection() {
    }

    /** The log grid: 1e-4 … 3 in half decades (quick: 1e-3 … 1 in decades). */
    static double[] grid(DemoContext ctx) {
        return ctx.quick() ? new double[] {1e-3, 1e-2, 0.1, 1}
                : new double[] {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3};
    }

    static Section build(DemoContext ctx) {
        int nTrain = ctx.size(2000, 512);
        int nTest = ctx.size(1000, 500);
        int epochs = ctx.size(30, 12);
        long trainSeed = ctx.seed("minibatch-train");
        long initSeed = ctx.seed("minibatch-init");
        Problem p = MinibatchSection.problem(ctx.seed("minibatch-data"), nTrain, nTest);
        double[] grid = grid(ctx);
        int total = CASES.size() * (grid.length + 2);
        int done = 0;

        List<Outcome> outcomes = new ArrayList<>();
        for (Case c : CASES) {
            ctx.progress().update("range test: " + c.optimizer() + ", " + c.model().label, done++, total);
            Sequential net = c.model().build();
            ModelObjective j = ModelObjective.of(net, Loss.SOFTMAX_CROSS_ENTROPY);
            LearningRateFinder.Result r = LearningRateFinder.defaults().run(j,
                    OptimizerSpec.build(c.optimizer() + "(lr=1)"), net.init(initSeed), p.train(),
                    MinibatchSection.BATCH, trainSeed);
            double suggested = Double.parseDouble(String.format(Locale.ROOT, "%.2g", r.suggestion()));
            List<Run> runs = new ArrayList<>();
            int best = -1;
            for (double lr : grid) {
                ctx.progress().update("range test: grid " + Specs.spec(c.optimizer(), lr), done++, total);
                Run run = MinibatchSection.train(Specs.spec(c.optimizer(), lr), c.model(), p, MinibatchSection.BATCH,
                        epochs, trainSeed, initSeed);
                runs.add(run);
                if (best < 0 || finalLoss(run) < finalLoss(runs.get(best))) {
                    best = runs.size() - 1;
                }
            }
            ctx.progress().update("range test: suggested " + Specs.spec(c.optimizer(), suggested), done++, total);
            Run chosen = MinibatchSection.train(Specs.spec(c.optimizer(), suggested), c.model(), p,
                    MinibatchSection.BATCH, epochs, trainSeed, initSeed);
            Outcome o = new Outcome(c, r, suggested, grid, runs, chosen, best);
            outcomes.add(o);
            record(ctx, o, epochs);
        }
        ctx.progress().update("range test: done", total, total);

        List<Item> items = new ArrayList<>();
        items.add(new Item.FigureItem(curves(outcomes), "The range test: one short run whose learning rate grows"
                + " geometrically from 1e-7 to 10 over at most 100 minibatch steps of m = " + MinibatchSection.BATCH
                + ", from the same θ₀ and minibatches as the trainings. The line is the minibatch loss smoothed"
                + " by an exponential average with bias correction (β = 0.98); the run stops once it exceeds"
                + " 4 × its minimum. The marker is the suggestion: the rate at the minimum, divided by 10."));
        items.add(new Item.FigureItem(sweep(outcomes, epochs), "The grid: a full training of " + epochs
                + " epochs per rate, its training loss at the end (a missing point diverged). The marker is the"
                + " training with the suggested rate."));
        for (Outcome o : outcomes) {
            if (!o.withinMargin()) {
                items.add(new Item.Note("For " + label(o.c()) + " the suggested ε = " + Specs.rate(o.suggested())
                        + " ends " + percent(o.excess()) + " above the grid's best training loss (ε = "
                        + Specs.rate(o.grid()[o.best()]) + "): on this run the range test's suggestion is not"
                        + " good enough, and a short search around it would find a better rate.", true));
            }
        }
        items.add(table(outcomes, epochs));
        return new Section(ID, "The learning rate, chosen for you", text(outcomes, epochs, nTrain), EQUATIONS, items);
    }

    static final String EQUATIONS = String.join("\n",
            "ε_i = ε_start · (ε_end / ε_start)^(i / N),   i = 0 … N − 1        (the sweep, one minibatch step each)",
            "a_i = β a_{i−1} + (1 − β) L_i,   ℓ_i = a_i / (1 − β^(i+1))        (smoothed loss, β = 0.98)",
            "stop when ℓ_i > 4 · min ℓ  or  L_i is not finite",
            "suggestion: ε* = argmin ℓ / 10");

    /** The final training loss of a run, +∞ when it diverged. */
    static double finalLoss(Run r) {
        double loss = r.result().train().loss();
        return r.divergence() != null || !Double.isFinite(loss) ? Double.POSITIVE_INFINITY : loss;
    }

    private static Figure curves(List<Outcome> outcomes) {
        List<Series> series = new ArrayList<>();
        for (Outcome o : outcomes) {
            List<LearningRateFinder.Point> curve = o.finder().curve();
            List<double[]> finite = new ArrayList<>();
            for (LearningRateFinder.Point pt : curve) {
                if (Double.isFinite(pt.smoothed())) {
                    finite.add(new double[] {pt.learningRate(), pt.smoothed()});
                }
            }
            double[] x = finite.stream().mapToDouble(v -> v[0]).toArray();
            double[] y = finite.stream().mapToDouble(v -> v[1]).toArray();
            series.add(Series.of(label(o.c()), x, y, Series.Style.LINE));
            series.add(Series.of("suggested ε = " + Specs.rate(o.suggested()) + " (" + o.c().optimizer() + ")",
                    new double[] {o.suggested()}, new double[] {nearest(x, y, o.suggested())}, Series.Style.POINTS));
        }
        return Figure.lines("range-test-curves", "Range test: smoothed minibatch loss against the learning rate",
                "learning rate ε", "smoothed minibatch loss", Figure.Scale.LOG, Figure.Scale.LINEAR, series);
    }

    private static Figure sweep(List<Outcome> outcomes, int epochs) {
        List<Series> series = new ArrayList<>();
        for (Outcome o : outcomes) {
            double[] loss = new double[o.grid().length];
            for (int i = 0; i < loss.length; i++) {
                double l = finalLoss(o.runs().get(i));
                loss[i] = Double.isFinite(l) ? l : Double.NaN;
            }
            series.add(Series.of(label(o.c()) + ", grid", o.grid(), loss, Series.Style.LINE_POINTS));
            series.add(Series.of(label(o.c()) + ", suggested ε = " + Specs.rate(o.suggested()),
                    new double[] {o.suggested()}, new double[] {o.chosenLoss()}, Series.Style.POINTS));
        }
        return Figure.lines("range-test-grid", "Training loss after " + epochs + " epochs against the learning rate",
                "learning rate ε", "training loss (mean cross-entropy)", Figure.Scale.LOG, Figure.Scale.LOG, series);
    }

    private static Item.Table table(List<Outcome> outcomes, int epochs) {
        List<List<String>> rows = new ArrayList<>();
        for (Outcome o : outcomes) {
            Run best = o.runs().get(o.best());
            rows.add(List.of(label(o.c()), Specs.rate(o.suggested()), fmt(o.chosenLoss(), 4),
                    percent(o.chosen().result().test().accuracy()), Specs.rate(o.grid()[o.best()]),
                    fmt(o.bestLoss(), 4), percent(best.result().test().accuracy()),
                    fmt(o.chosenLoss() - o.bestLoss(), 4)));
        }
        return new Item.Table("range-test", "The suggestion against the grid's best, after " + epochs + " epochs"
                + " (training loss on the whole training set; test accuracy on the held-out rows).",
                List.of("model and optimizer", "suggested ε", "training loss", "test accuracy", "grid's best ε",
                        "training loss", "test accuracy", "loss above the best"), rows);
    }

    private static String text(List<Outcome> outcomes, int epochs, int nTrain) {
        StringBuilder s = new StringBuilder();
        s.append("<p>The article this project grew from ends on the learning rate: every user of gradient descent"
                + " has to find one, and Adam and RMSProp only narrow the search. A <b>range test</b> (L. Smith,"
                + " \"Cyclical learning rates for training neural networks\", 2017; fastai's <code>lr_find</code>)"
                + " replaces the search by one short run: the learning rate grows geometrically at every"
                + " minibatch step while the loss is watched; where the loss falls fastest the rate is useful,"
                + " where it shoots up it is too large. descent suggests the rate at the smoothed loss's minimum"
                + " divided by 10 (the finder also computes fastai's \"valley\" and the steepest descent of the"
                + " curve; <code>descent lr-find</code> prints all three, and <code>train --lr auto</code> trains with"
                + " the suggestion). The sweep costs at most 100 steps, here about "
                + fmt(100.0 * MinibatchSection.BATCH / nTrain, 1) + " epochs.</p>");
        s.append("<p>Whether that is enough is a question for a grid: below, each rate of a log grid trains for "
                + epochs + " epochs on the data of the minibatch section, and so does the suggested rate.");
        for (Outcome o : outcomes) {
            s.append(" For ").append(label(o.c())).append(" the range test suggests ε = ")
                    .append(Specs.rate(o.suggested())).append(", which reaches a training loss of ")
                    .append(fmt(o.chosenLoss(), 4)).append("; the grid's best, ε = ")
                    .append(Specs.rate(o.grid()[o.best()])).append(", reaches ").append(fmt(o.bestLoss(), 4))
                    .append(o.withinMargin() ? " (within " + percent(MARGIN) + ")."
                            : ": " + percent(o.excess()) + " more, outside the " + percent(MARGIN) + " margin.");
        }
        s.append(" A tenth of the rate at the minimum is meant to stay clear of the rates where the loss blows up."
                + " It can still be too large for a long run: the sweep watches " + 100 + " steps, and a rate"
                + " that lowers the loss at first may stall later (adaptive methods such as Adam especially); it"
                + " can be too small for a convex problem, whose best rate lies close to the edge of divergence."
                + " A short grid around the suggestion (<code>descent tune</code>) settles it.</p>");
        return s.toString();
    }

    private static void record(DemoContext ctx, Outcome o, int epochs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", o.c().model().label);
        m.put("optimizer", o.c().optimizer());
        m.put("finder_steps", o.finder().curve().size());
        m.put("finder_stop", o.finder().stopReason());
        Map<String, Object> rules = new LinkedHashMap<>();
        o.finder().suggestions().forEach((rule, v) -> rules.put(rule.key(), v));
        m.put("suggestions", rules);
        m.put("suggested", o.suggested());
        m.put("epochs", epochs);
        m.put("suggested_train_loss", o.chosenLoss());
        m.put("grid", o.grid());
        m.put("grid_train_loss", o.runs().stream().mapToDouble(RangeTestSection::finalLoss).toArray());
        m.put("grid_best", o.grid()[o.best()]);
        m.put("within_margin", o.withinMargin());
        ctx.record(ID, m);
    }

    private static String label(Case c) {
        return c.model().label + " (" + c.optimizer() + ")";
    }

    /** y at the x closest to {@code at} on a log axis. */
    private static double nearest(double[] x, double[] y, double at) {
        int k = 0;
        for (int i = 1; i < x.length; i++) {
            if (Math.abs(Math.log(x[i] / at)) < Math.abs(Math.log(x[k] / at))) {
                k = i;
            }
        }
        return x.length == 0 ? Double.NaN : y[k];
    }

    private static String fmt(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "diverged";
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
