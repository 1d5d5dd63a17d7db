package dev.descent.report.compare;

import dev.descent.data.Dataset;
import dev.descent.nn.Evaluation;
import dev.descent.nn.Model;
import dev.descent.nn.ModelObjective;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.stop.StopReason;
import dev.descent.optim.transform.NonFinitePolicy;
import dev.descent.report.Item;
import dev.descent.report.ProgressListener;
import dev.descent.report.Report;
import dev.descent.report.RunManifest;
import dev.descent.report.Section;
import dev.descent.report.demo.Landscape;
import dev.descent.report.demo.LandscapeReport;
import dev.descent.report.demo.PathRun;
import dev.descent.report.figure.Figure;
import dev.descent.report.figure.Series;
import dev.descent.train.EpochSummary;
import dev.descent.train.TrainConfig;
import dev.descent.train.TrainResult;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code descent compare}: the demo's machinery on the user's choice of optimizers, on a
 * built-in landscape (paths, loss curves, table) or on a data set and model (training and test
 * loss over epochs, table). A spec that diverges is drawn up to where it did, named in a note,
 * and the rest of the report is still written.
 */
public final class CompareReport {

    private CompareReport() {
    }

    /** Runs every spec on the landscape for at most {@code steps} steps (or until ‖∇J‖ ≤ 1e-8). */
    public static Report problem(Landscape l, List<String> specs, long steps, RunManifest manifest, ProgressListener progress) {
        List<PathRun> runs = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            progress.update("running " + specs.get(i), i, specs.size());
            runs.add(PathRun.run(specs.get(i), l, 1e-8, steps));
        }
        progress.update("contours", specs.size(), specs.size());
        for (PathRun r : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("problem", l.name());
            m.put("spec", r.spec());
            m.put("steps", r.steps());
            m.put("final_value", finite(r.result().value()));
            m.put("distance_to_optimum", finite(r.distance()));
            m.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
            m.put("stop", r.result().reason().detail());
            m.put("seconds", r.nanos() / 1e9);
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("section", "compare");
            all.putAll(m);
            manifest.run(all);
        }
        manifest.put("problem", Map.of("name", l.name(), "description", l.description()));
        manifest.put("specs", specs);
        manifest.put("steps", steps);
        List<Section> sections = LandscapeReport.sections(l, runs, 140);
        return new Report("descent compare: " + l.name(), "<p>" + dev.descent.report.Html.escape(l.description())
                + ". Each optimizer spec ran from the same start for at most " + steps + " steps or until ‖∇J‖ ≤ 1e-8."
                + "</p>", sections);
    }

    /** One spec's training run. */
    record TrainingRun(String spec, TrainResult result, double[] batchLosses, long nanos, String failure) {
    }

    /**
     * Trains {@code model} with every spec from the same θ₀ = model.init(seed) on the same
     * minibatch order.
     *
     * @param source  the data's name, for the text
     * @param train   training set
     * @param test    test set, or null
     * @param model   the model
     * @param loss    its objective
     * @param specs   optimizer specs
     * @param epochs  passes over the training set
     * @param batch   the minibatch size m
     * @param seed    θ₀ and the minibatch order
     */
    public static Report training(String source, Dataset train, Dataset test, Model model, ModelObjective loss,
            List<String> specs, int epochs, int batch, long seed, RunManifest manifest, ProgressListener progress) {
        List<TrainingRun> runs = new ArrayList<>();
        TrainConfig config = TrainConfig.of(epochs, batch, seed).withNonFinite(NonFinitePolicy.STOP);
        for (int i = 0; i < specs.size(); i++) {
            String spec = specs.get(i);
            int at = i;
            progress.update("training " + spec, i, specs.size());
            List<Double> batches = new ArrayList<>();
            Trainer t = Trainer.of(loss, OptimizerSpec.build(spec), config).withListener(new TrainingListener() {
                @Override
                public void onBatch(long step, double value, double learningRate) {
                    batches.add(value);
                }

                @Override
                public void onEpoch(EpochSummary s) {
                    progress.update("training " + spec + ": epoch " + (s.epoch() + 1) + "/" + epochs, at,
                            specs.size());
                }
            });
            long t0 = System.nanoTime();
            TrainResult r = t.fit(model.init(seed), train, null, test);
            long nanos = System.nanoTime() - t0;
            double[] b = batches.stream().mapToDouble(Double::doubleValue).toArray();
            String failure = r.stopReason() instanceof StopReason.Failed f ? spec + " diverged at step "
                    + firstNonFinite(b) + " (" + f.detail() + ")" : null;
            runs.add(new TrainingRun(spec, r, b, nanos, failure));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("section", "compare");
            m.put("spec", spec);
            m.put("epochs", r.history().size());
            m.put("steps", r.steps());
            m.put("train_loss", r.train() == null ? null : finite(r.train().loss()));
            m.put("test_loss", r.test() == null ? null : finite(r.test().loss()));
            m.put("stop", r.stopReason().detail());
            m.put("params_sha256", r.paramsSha256());
            m.put("seconds", nanos / 1e9);
            manifest.run(m);
        }
        progress.update("figures", specs.size(), specs.size());
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("data", source);
        setup.put("train_rows", train.size());
        setup.put("test_rows", test == null ? 0 : test.size());
        setup.put("features", train.featureCount());
        setup.put("parameters", model.layout().size());
        setup.put("epochs", epochs);
        setup.put("batch_size", batch);
        setup.put("seed", seed);
        manifest.put("training", setup);
        manifest.put("specs", specs);

        List<Series> epochLoss = new ArrayList<>();
        List<Series> testLoss = new ArrayList<>();
        List<Series> batchLoss = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        List<Item> notes = new ArrayList<>();
        for (TrainingRun r : runs) {
            List<EpochSummary> h = r.result().history().epochs();
            double[] e = new double[h.size()];
            double[] l = new double[h.size()];
            for (int k = 0; k < h.size(); k++) {
                e[k] = k + 1;
                l[k] = h.get(k).trainLoss();
            }
            epochLoss.add(Series.of(r.spec(), e, l, Series.Style.LINE_POINTS));
            double[] steps = new double[r.batchLosses().length];
            for (int k = 0; k < steps.length; k++) {
                steps[k] = k + 1;
            }
            batchLoss.add(Series.of(r.spec(), steps, r.batchLosses(), Series.Style.LINE));
            Evaluation tr = r.result().train();
            Evaluation te = r.result().test();
            rows.add(List.of(r.spec(), Integer.toString(h.size()), Long.toString(r.result().steps()),
                    tr == null ? "–" : fmt(tr.loss()), tr == null || !tr.isClassification() ? "–" : pct(tr.accuracy()),
                    te == null ? "–" : fmt(te.loss()), te == null || !te.isClassification() ? "–" : pct(te.accuracy()),
                    r.failure() == null ? r.result().stopReason().detail() : r.failure(),
                    String.format(Locale.ROOT, "%.2f", r.nanos() / 1e9)));
            if (r.failure() != null) {
                notes.add(new Item.Note(r.failure() + "; its curves end there.", true));
            }
        }
        List<Item> items = new ArrayList<>();
        items.add(new Item.FigureItem(Figure.lines("train-loss", "Training loss per epoch", "epoch",
                "training loss (whole set)", Figure.Scale.LINEAR, Figure.Scale.LOG, epochLoss),
                "The loss on the whole training set after each epoch; every spec starts from the same θ₀ and sees"
                        + " the same minibatches."));
        items.add(new Item.FigureItem(Figure.lines("batch-loss", "Minibatch loss per step", "step",
                "minibatch loss", Figure.Scale.LOG, Figure.Scale.LOG, batchLoss),
                "The loss of each minibatch (m = " + batch + ") at the step that used it: noisy, since each is an"
                        + " estimate from m examples."));
        items.addAll(notes);
        items.add(new Item.Table("runs", "Each spec after training (time in s, not in the CSV)", List.of("optimizer",
                "epochs", "steps", "train loss", "train accuracy", "test loss", "test accuracy", "stop", "time (s)"),
                rows, List.of("time (s)")));
        String text = "<p>" + dev.descent.report.Html.escape(source) + ": " + train.size() + " training rows"
                + (test == null ? "" : ", " + test.size() + " test rows") + ", " + train.featureCount() + " features; "
                + model.layout().size() + " parameters; " + epochs + " epochs of minibatches of " + batch
                + ", seed " + seed + ".</p>";
        Section s = new Section("training", "Training", text, """
                ĝ = (1/m) Σᵢ ∇θ L(f(x⁽ⁱ⁾; θ), y⁽ⁱ⁾)   over a minibatch of m examples
                θ ← update(θ, ĝ)                    as each spec says
                """, items);
        return new Report("descent compare: " + source, "<p>Optimizers compared on " + dev.descent.report.Html.escape(
                source) + ".</p>", List.of(s));
    }

    private static long firstNonFinite(double[] b) {
        for (int i = 0; i < b.length; i++) {
            if (!Double.isFinite(b[i])) {
                return i + 1;
            }
        }
        return b.length;
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.5g", v) : String.valueOf(v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
