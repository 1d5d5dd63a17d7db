package dev.descent.report.demo;

import dev.descent.data.Dataset;
import dev.descent.nn.Evaluation;
import dev.descent.nn.Loss;
import dev.descent.nn.Model;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.SoftmaxRegression;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.stop.StopReason;
import dev.descent.optim.transform.NonFinitePolicy;
import dev.descent.report.Item;
import dev.descent.report.Section;
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
import java.util.SplittableRandom;

/**
 * Section 6: minibatch training. Softmax regression on a generated data set (four overlapping
 * Gaussian classes in five dimensions, seeded), trained with the book's seven and AdamW from the
 * same θ₀ on the same minibatch order; then SGD with batch sizes 1, 8, 64 and the full set, to
 * show how the noise of the minibatch loss falls with m.
 */
final class MinibatchSection {

    private MinibatchSection() {
    }

    static final int FEATURES = 5;
    static final int CLASSES = 4;

    /** The book's seven and AdamW, each at a rate that suits softmax regression on standardized-scale data. */
    static final List<String> SPECS = List.of("sgd(lr=0.1)", "momentum(lr=0.01)", "nesterov(lr=0.01)",
            "adagrad(lr=0.1)", "rmsprop(lr=0.003)", "rmsprop_nesterov(lr=0.001)", "adam(lr=0.01)", "adamw(lr=0.01)");

    /** Class means on the axes ±1.5, unit-variance noise: the classes overlap, so the loss stays above 0. */
    static Dataset blobs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] rows = new double[n][FEATURES];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(CLASSES);
            labels[i] = c;
            for (int j = 0; j < FEATURES; j++) {
                double mean = j == c % FEATURES ? (c < FEATURES ? 1.5 : -1.5) : 0;
                mean += j == FEATURES - 1 && c % 2 == 1 ? -1.5 : 0;
                rows[i][j] = mean + BiasCorrectionSection.gaussian(rng);
            }
        }
        return Dataset.classification(rows, labels, CLASSES);
    }

    /** One training run. */
    record Run(String spec, int batch, TrainResult result, double[] batchLosses, long nanos) {
        boolean failed() {
            return result.stopReason() instanceof StopReason.Failed;
        }
    }

    static Run train(String spec, Dataset train, Dataset test, int epochs, int batch, long seed) {
        Model m = SoftmaxRegression.of(FEATURES, CLASSES);
        ModelObjective objective = ModelObjective.of(m, Loss.SOFTMAX_CROSS_ENTROPY);
        List<Double> losses = new ArrayList<>();
        Trainer t = Trainer.of(objective, OptimizerSpec.build(spec),
                TrainConfig.of(epochs, batch, seed).withNonFinite(NonFinitePolicy.STOP))
                .withListener(new TrainingListener() {
                    @Override
                    public void onBatch(long step, double value, double learningRate) {
                        losses.add(value);
                    }
                });
        long t0 = System.nanoTime();
        TrainResult r = t.fit(m.init(seed), train, null, test);
        return new Run(spec, batch, r, losses.stream().mapToDouble(Double::doubleValue).toArray(),
                System.nanoTime() - t0);
    }

    /** The sample variance of successive differences, a measure of how noisy a curve is. */
    static double roughness(double[] y) {
        double s = 0;
        double s2 = 0;
        int n = y.length - 1;
        for (int i = 0; i < n; i++) {
            double d = y[i + 1] - y[i];
            s += d;
            s2 += d * d;
        }
        return (s2 - s * s / n) / (n - 1);
    }

    static Section build(DemoContext ctx) {
        int n = ctx.size(2000, 600);
        long dataSeed = ctx.seed("minibatch-data");
        Dataset train = blobs(n, dataSeed);
        Dataset test = blobs(n / 2, ctx.seed("minibatch-test"));
        int epochs = ctx.size(30, 8);
        long seed = ctx.seed("minibatch-train");
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < SPECS.size(); i++) {
            ctx.progress().update("training " + SPECS.get(i), i, SPECS.size() + 4);
            runs.add(train(SPECS.get(i), train, test, epochs, 32, seed));
        }
        List<Series> curves = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        List<Item> notes = new ArrayList<>();
        for (Run r : runs) {
            List<EpochSummary> h = r.result().history().epochs();
            double[] e = new double[h.size()];
            double[] l = new double[h.size()];
            for (int k = 0; k < h.size(); k++) {
                e[k] = k + 1;
                l[k] = h.get(k).trainLoss();
            }
            curves.add(Series.of(r.spec(), e, l, Series.Style.LINE_POINTS));
            Evaluation tr = r.result().train();
            Evaluation te = r.result().test();
            rows.add(List.of(r.spec(), Integer.toString(h.size()), fmt(tr.loss()), pct(tr.accuracy()),
                    pct(te.accuracy()), String.format(Locale.ROOT, "%.0f", r.nanos() / 1e6)));
            if (r.failed()) {
                notes.add(new Item.Note(r.spec() + " diverged: " + r.result().stopReason().detail(), true));
            }
            record(ctx, r, epochs);
        }

        // the batch size: SGD at one rate, the same number of examples seen
        int seen = ctx.size(3, 2) * n;
        List<Series> noise = new ArrayList<>();
        List<List<String>> noiseRows = new ArrayList<>();
        int[] sizes = {1, 8, 64, n};
        for (int i = 0; i < sizes.length; i++) {
            int m = sizes[i];
            ctx.progress().update("batch size " + m, SPECS.size() + i, SPECS.size() + 4);
            Run r = train("sgd(lr=0.05)", train, null, Math.max(1, seen / n), m, seed);
            double[] y = r.batchLosses();
            double[] x = new double[y.length];
            for (int k = 0; k < y.length; k++) {
                x[k] = (double) (k + 1) * m; // examples seen (the last batch of an epoch may be smaller)
            }
            int keep = Math.min(y.length, 1500);
            int stride = Math.max(1, y.length / keep);
            double[] xs = new double[(y.length + stride - 1) / stride];
            double[] ys = new double[xs.length];
            for (int k = 0, j = 0; k < y.length; k += stride, j++) {
                xs[j] = x[k];
                ys[j] = y[k];
            }
            noise.add(Series.of("m = " + (m == n ? n + " (full batch)" : Integer.toString(m)), xs, ys,
                    m == n ? Series.Style.LINE_POINTS : Series.Style.LINE));
            double rough = y.length > 2 ? roughness(y) : Double.NaN;
            noiseRows.add(List.of(Integer.toString(m), Integer.toString(y.length), fmt(y[y.length - 1]),
                    Double.isNaN(rough) ? "–" : String.format(Locale.ROOT, "%.3g", Math.sqrt(rough))));
            record(ctx, r, Math.max(1, seen / n));
        }
        List<Item> items = new ArrayList<>();
        items.add(new Item.FigureItem(Figure.lines("minibatch-optimizers", "Softmax regression: training loss per epoch",
                "epoch", "training loss (whole set)", Figure.Scale.LINEAR, Figure.Scale.LOG, curves),
                "Every optimizer starts from the same θ₀ and sees the same minibatches (m = 32, " + epochs
                        + " epochs); the loss is the mean cross-entropy over all " + n + " training rows after each"
                        + " epoch."));
        items.addAll(notes);
        items.add(new Item.Table("minibatch-optimizers", "After training (time in ms on this machine, not in the CSV)",
                List.of("optimizer", "epochs", "train loss", "train accuracy", "test accuracy", "time (ms)"), rows,
                List.of("time (ms)")));
        items.add(new Item.FigureItem(Figure.lines("minibatch-batch-size", "The batch size m and the noise of the loss",
                "examples seen", "minibatch loss", Figure.Scale.LOG, Figure.Scale.LINEAR, noise),
                "sgd(lr=0.05) with four batch sizes, against the number of examples seen so that the curves are"
                        + " comparable: m = 1 takes " + n + " noisy steps per epoch, the full batch one exact step."));
        items.add(new Item.Table("minibatch-batch-size", "The noise of the minibatch loss: the standard deviation of"
                + " its change from one step to the next", List.of("m", "steps", "last minibatch loss",
                        "sd of step-to-step change"), noiseRows));
        String text = String.format(Locale.ROOT, """
                <p>The training set: %d rows with %d features in %d classes, drawn by descent from Gaussians of unit
                variance whose means lie 1.5 apart on the axes (seed %d), so the classes overlap and the loss
                cannot reach zero; a test set of %d rows from the same distribution. The model is softmax
                regression, %d parameters. The gradient of each step is the mean over a minibatch of m rows, an
                unbiased estimate of the full gradient whose variance falls as 1/m (Goodfellow et al. §8.1.3):
                small batches give noisy curves but many more updates per pass over the data.</p>
                """, n, FEATURES, CLASSES, dataSeed, n / 2, (FEATURES + 1) * CLASSES);
        String eq = """
                ĝ = (1/m) ∇θ Σᵢ L(f(x⁽ⁱ⁾; θ), y⁽ⁱ⁾)     over a minibatch of m rows
                θ ← θ − ε ĝ                          (or any optimizer's update with ĝ)
                f(x; θ) = softmax(Wx + b),  L = −log f_y(x; θ)
                """;
        return new Section("minibatch", "Minibatch training", text, eq, items);
    }

    private static void record(DemoContext ctx, Run r, int epochs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", r.spec());
        m.put("batch_size", r.batch());
        m.put("epochs", epochs);
        m.put("steps", r.result().steps());
        m.put("train_loss", LandscapeSections.finite(r.result().train().loss()));
        m.put("stop", r.result().stopReason().detail());
        m.put("params_sha256", r.result().paramsSha256());
        m.put("seconds", r.nanos() / 1e9);
        ctx.record("minibatch", m);
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.5g", v) : String.valueOf(v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
