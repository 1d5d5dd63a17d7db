package dev.descent.report.demo;

import dev.descent.data.Dataset;
import dev.descent.data.MiniBatches;
import dev.descent.data.Standardizer;
import dev.descent.nn.Activation;
import dev.descent.nn.Loss;
import dev.descent.nn.Mlp;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Sequential;
import dev.descent.nn.SoftmaxRegression;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.stop.StopReason;
import dev.descent.optim.transform.NonFinitePolicy;
import dev.descent.report.Html;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Section 6 of the demo report, "Minibatch training": softmax regression on four overlapping
 * Gaussian classes that descent generates, trained by {@link Trainer} with the book's seven
 * optimizers and AdamW, and the effect of the batch size m on the noise of the loss curve.
 *
 * <pre>
 *   ĝ ← (1/m) ∇θ Σᵢ₌₁ᵐ L(f(x⁽ⁱ⁾; θ), y⁽ⁱ⁾)        (Goodfellow Alg. 8.1)
 *   θ ← θ − ε ĝ
 * </pre>
 *
 * <h2>What it shows</h2>
 * <ul>
 *   <li>Figure {@code minibatch-optimizers}: the full training-set loss at the end of every epoch
 *       (epoch 0 is θ₀), one line per optimizer spec of {@link #SPECS}, all from the same θ₀ and
 *       the same minibatch order (one training seed).</li>
 *   <li>Figure {@code minibatch-batch-size}: the minibatch loss of every step of
 *       {@link #BATCH_SPEC} for m = 1, 8, 64 and the full batch, against the number of examples
 *       seen, so that the curves share an x axis.</li>
 *   <li>Table {@code minibatch-runs}: every run's final training loss and accuracy and its test
 *       accuracy, with the Bayes classifier (LDA with the true μ_c and Σ) as the reference.</li>
 * </ul>
 *
 * <h2>Contracts</h2>
 * <ul>
 *   <li>A pure function of {@code ctx.seed()} and {@code ctx.quick()}: figure and table contents
 *       hold no timings (wall times go to the manifest only), so two builds with the same seed have
 *       equal figures and tables.</li>
 *   <li>A run whose loss, gradient or parameters become non-finite stops there (the trainer's
 *       {@link NonFinitePolicy#STOP}); the section adds a warning {@link Item.Note} and plots the
 *       epochs that exist.</li>
 *   <li>Every run is recorded with {@link DemoContext#record}: spec, model, batch size, epochs,
 *       seed, steps, stop reason, final loss, accuracies and seconds.</li>
 * </ul>
 */
public final class MinibatchSection {

    /** The section id. */
    public static final String ID = "minibatch";

    /** The optimizers of the comparison, as specs: the book's seven (Alg. 8.1–8.7), then AdamW. */
    public static final List<String> SPECS = List.of(
            "sgd(lr=0.1)",
            "momentum(lr=0.01, momentum=0.9)",
            "nesterov(lr=0.01, momentum=0.9)",
            "adagrad(lr=0.1)",
            "rmsprop(lr=0.01)",
            "rmsprop_nesterov(lr=0.001, momentum=0.9)",
            "adam(lr=0.01)",
            "adamw(lr=0.01, weight_decay=0.01)");

    /** The optimizer of the batch-size figure (a fixed learning rate, so only m changes). */
    public static final String BATCH_SPEC = "sgd(lr=0.05)";

    /** The spec the small MLP is trained with. */
    public static final String MLP_SPEC = "adam(lr=0.01)";

    /** The minibatch sizes of the batch-size figure besides the full batch. */
    static final int[] BATCH_SIZES = {1, 8, 64};

    /** The minibatch size of the optimizer comparison. */
    public static final int BATCH = 32;

    /** Classes of the generated data. */
    public static final int CLASSES = 4;

    /** Features of the generated data: 3 informative, then 3 that carry no class information. */
    public static final int FEATURES = 6;

    /** Informative features: the class means are the vertices of a regular tetrahedron in them. */
    static final int INFORMATIVE = 3;

    /** The half edge of the tetrahedron's bounding cube, in units of the noise's σ = 1. */
    static final double SEPARATION = 1.0;

    /**
     * The standard deviation a of the nuisance factor shared by every feature: it correlates the
     * features, so that the loss is ill-conditioned even after standardization.
     */
    static final double NUISANCE = 3.0;

    /** The units the raw features come in: x_j = OFFSET_j + SCALE_j · u_j. */
    private static final double[] SCALE = {1.0, 20.0, 0.05, 5.0, 1.0, 0.2};
    private static final double[] OFFSET = {0.0, 100.0, -3.0, 10.0, 0.0, 50.0};

    /** The hidden width of the MLP. */
    static final int HIDDEN = 16;

    /** The window of the moving mean drawn over the m = 1 curve. */
    static final int WINDOW = 64;

    /** The section's equations (Goodfellow Alg. 8.1 and §8.1.3, and the model). */
    static final String EQUATIONS = String.join("\n",
            "minibatch B = {x⁽¹⁾, …, x⁽ᵐ⁾} drawn from the training set, targets y⁽ⁱ⁾",
            "ĝ ← (1/m) ∇θ Σᵢ₌₁ᵐ L(f(x⁽ⁱ⁾; θ), y⁽ⁱ⁾)",
            "θ ← θ − ε ĝ",
            "",
            "E[ĝ] = ∇θ J(θ),   Var[ĝ] = Var[∇θ L(f(x; θ), y)] / m        (Goodfellow §8.1.3)",
            "softmax regression: f(x; θ) = Wᵀx + b,   L(f, y) = −f_y + ln Σₖ exp f_k");

    private MinibatchSection() {
    }

    /** The section for {@code ctx}, with the optimizers of {@link #SPECS}. */
    public static Section build(DemoContext ctx) {
        return build(ctx, SPECS);
    }

    /** The section with another list of optimizer specs in the comparison (for tests). */
    static Section build(DemoContext ctx, List<String> specs) {
        int nTrain = ctx.size(2000, 512);
        int nTest = ctx.size(1000, 500);
        int epochs = ctx.size(30, 12);
        int batchEpochs = ctx.size(3, 2);
        long dataSeed = ctx.seed("minibatch-data");
        long trainSeed = ctx.seed("minibatch-train");
        long initSeed = ctx.seed("minibatch-init");
        Problem p = problem(dataSeed, nTrain, nTest);

        Runner runner = new Runner(ctx, p, dataSeed, trainSeed, initSeed, specs.size() + 1 + BATCH_SIZES.length + 1);
        List<Series> lossSeries = new ArrayList<>();
        for (String spec : specs) {
            Run r = runner.run(spec, Model.SOFTMAX, BATCH, epochs);
            lossSeries.add(Series.of(spec, r.epochAxis(), r.epochLoss(), Series.Style.LINE));
        }
        double[] floor = new double[epochs + 1];
        Arrays.fill(floor, p.bayesTrainLoss());
        lossSeries.add(Series.of("true posterior p(y | x)", range(epochs + 1), floor, Series.Style.DASHED));
        runner.run(MLP_SPEC, Model.MLP, BATCH, epochs);

        List<Series> noiseSeries = new ArrayList<>();
        int[] sizes = Arrays.copyOf(BATCH_SIZES, BATCH_SIZES.length + 1);
        sizes[BATCH_SIZES.length] = nTrain;
        Run single = null;
        Run large = null;
        for (int m : sizes) {
            Run r = runner.run(BATCH_SPEC, Model.SOFTMAX, m, batchEpochs);
            boolean full = m == nTrain;
            noiseSeries.add(Series.of(full ? "m = " + m + " (full batch)" : "m = " + m, r.examplesSeen(),
                    r.stepLoss(), full ? Series.Style.LINE_POINTS : Series.Style.LINE));
            if (m == 1) {
                single = r;
            }
            if (m == BATCH_SIZES[BATCH_SIZES.length - 1]) {
                large = r;
            }
        }
        ctx.progress().update("minibatch: done", runner.runs.size(), runner.total);
        noiseSeries.add(Series.of("m = 1, mean of the last " + WINDOW + " steps", single.examplesSeen(),
                movingMean(single.stepLoss(), WINDOW), Series.Style.DASHED));
        List<Run> runs = runner.runs;

        Figure lossFigure = Figure.lines("minibatch-optimizers",
                "Softmax regression, m = " + BATCH + ": training loss per epoch", "epoch",
                "training loss (mean cross-entropy)", Figure.Scale.LINEAR, Figure.Scale.LINEAR, lossSeries);
        Figure noiseFigure = Figure.lines("minibatch-batch-size",
                BATCH_SPEC + ": minibatch loss of every step for batch sizes m", "examples seen",
                "minibatch loss", Figure.Scale.LINEAR, Figure.Scale.LINEAR, noiseSeries);

        Summary sum = summary(runs, specs.size(), single, large);
        List<Item> items = new ArrayList<>();
        items.add(new Item.FigureItem(lossFigure, "The loss on the whole training set (n = " + nTrain
                + ") at the end of every epoch, epoch 0 being θ₀ = 0 (loss ln " + CLASSES + " ≈ "
                + fmt(Math.log(CLASSES), 3) + "). Every optimizer starts from the same θ₀ and sees the same"
                + " minibatches of m = " + BATCH + " in the same order. The classes overlap, so the loss levels"
                + " off (best " + fmt(sum.bestLoss(), 3) + ") instead of going to 0. The dashed line is"
                + " the loss of the true posterior p(y | x), which knows μ_c and Σ, on the same rows ("
                + fmt(p.bayesTrainLoss(), 3) + "); a θ fitted to these rows may end slightly below it."));
        items.add(new Item.FigureItem(noiseFigure, "The minibatch loss J(θ; B) of every step of "
                + Html.escape(BATCH_SPEC) + " over " + batchEpochs + " epochs, against the examples seen so far,"
                + " so that the x axes are comparable. With m = 1 each point is the loss of one example; the"
                + " dashed line is its mean over the last " + WINDOW + " steps. The full batch makes "
                + batchEpochs + " steps in the same budget."));
        items.addAll(runner.notes);
        items.add(table(runs, p));

        return new Section(ID, "Minibatch training", text(p, nTrain, nTest, epochs, batchEpochs, specs.size(), sum),
                EQUATIONS, items);
    }

    // ---------------------------------------------------------------------------------------------
    // The data

    /**
     * The generated problem, standardized with the training set's statistics.
     *
     * @param train          the standardized training set
     * @param test           the standardized test set (the training set's μ and σ)
     * @param bayesTrain     the accuracy on the training set of the Bayes classifier (LDA with the
     *                       true μ_c and Σ)
     * @param bayesTest      the same on the test set
     * @param bayesTrainLoss the mean cross-entropy −ln p(y | x) of the true posterior on the training set
     */
    record Problem(Dataset train, Dataset test, double bayesTrain, double bayesTest, double bayesTrainLoss) {
    }

    /**
     * Four Gaussian classes with overlap, {@code nTrain} training and {@code nTest} test rows drawn
     * from two streams split off {@code seed}: class c = i mod 4 (balanced);
     * u = μ_c + e + g·𝟙 with e ~ N(0, I₆) and one shared nuisance g ~ N(0, a²), a = {@link #NUISANCE},
     * so u ~ N(μ_c, Σ), Σ = I + a²𝟙𝟙ᵀ; μ_c at a vertex of the regular tetrahedron
     * (±1, ±1, ±1)·{@link #SEPARATION} (an even number of minus signs) in the first three
     * coordinates and 0 in the last three; raw features x_j = OFFSET_j + SCALE_j u_j in unequal
     * units. With equal priors and a shared covariance the Bayes classifier is linear (LDA), so
     * softmax regression can reach it. Gaussian draws are Box–Muller with {@link StrictMath}, the
     * same bits on every platform. The Standardizer is fitted on the training rows only.
     */
    static Problem problem(long seed, int nTrain, int nTest) {
        SplittableRandom rng = new SplittableRandom(seed);
        Raw train = sample(rng.split(), nTrain);
        Raw test = sample(rng.split(), nTest);
        Standardizer s = Standardizer.fit(train.data());
        return new Problem(s.transform(train.data()), s.transform(test.data()), train.bayes(), test.bayes(),
                train.bayesLoss());
    }

    private record Raw(Dataset data, double bayes, double bayesLoss) {
    }

    private static final double[][] TETRAHEDRON = {{1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}};

    private static Raw sample(SplittableRandom rng, int n) {
        double[] x = new double[n * FEATURES];
        int[] labels = new int[n];
        int correct = 0;
        double loss = 0;
        double[] u = new double[FEATURES];
        double[] logits = new double[CLASSES];
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            labels[i] = c;
            double g = NUISANCE * gaussian(rng);
            for (int j = 0; j < FEATURES; j++) {
                u[j] = mean(c, j) + gaussian(rng) + g;
                x[i * FEATURES + j] = OFFSET[j] + SCALE[j] * u[j];
            }
            posteriorLogits(u, logits);
            int best = 0;
            double max = logits[0];
            for (int k = 1; k < CLASSES; k++) {
                if (logits[k] > max) {
                    max = logits[k];
                    best = k;
                }
            }
            if (best == c) {
                correct++;
            }
            double sum = 0;
            for (int k = 0; k < CLASSES; k++) {
                sum += StrictMath.exp(logits[k] - max);
            }
            loss += max + StrictMath.log(sum) - logits[c];
        }
        return new Raw(Dataset.classification(x, FEATURES, labels, CLASSES), (double) correct / n, loss / n);
    }

    /** μ_c in coordinate j: a tetrahedron vertex in the informative coordinates, 0 in the others. */
    private static double mean(int c, int j) {
        return j < INFORMATIVE ? SEPARATION * TETRAHEDRON[c][j] : 0;
    }

    /**
     * The true posterior's logits ln p(k | u) + const for u before the change of units (the Bayes rule
     * does not depend on the units): linear discriminant analysis with the shared covariance
     * Σ = I + a²𝟙𝟙ᵀ, whose inverse is Σ⁻¹ = I − β𝟙𝟙ᵀ with β = a²/(1 + d·a²) (Sherman–Morrison), so
     * logit_k = μ_kᵀΣ⁻¹u − ½ μ_kᵀΣ⁻¹μ_k.
     */
    private static void posteriorLogits(double[] u, double[] logits) {
        double a2 = NUISANCE * NUISANCE;
        double beta = a2 / (1 + FEATURES * a2);
        double su = 0;
        for (int j = 0; j < FEATURES; j++) {
            su += u[j];
        }
        for (int k = 0; k < CLASSES; k++) {
            double mu = 0;
            double mm = 0;
            double sm = 0;
            for (int j = 0; j < FEATURES; j++) {
                double m = mean(k, j);
                mu += m * u[j];
                mm += m * m;
                sm += m;
            }
            logits[k] = mu - beta * sm * su - 0.5 * (mm - beta * sm * sm);
        }
    }

    /** A standard normal draw by Box–Muller, z = √(−2 ln(1 − u)) cos(2πv), with StrictMath. */
    static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log1p(-u)) * StrictMath.cos(2 * Math.PI * v);
    }

    // ---------------------------------------------------------------------------------------------
    // The runs

    /** The models of the section. */
    enum Model {
        SOFTMAX("softmax regression"), MLP("MLP " + FEATURES + "-" + HIDDEN + "-" + CLASSES + " tanh");

        final String label;

        Model(String label) {
            this.label = label;
        }

        Sequential build() {
            return this == SOFTMAX ? SoftmaxRegression.of(FEATURES, CLASSES)
                    : Mlp.of(Activation.TANH, FEATURES, HIDDEN, CLASSES);
        }
    }

    /**
     * One training run and what the section reads from it.
     *
     * @param spec         the optimizer spec
     * @param model        the model
     * @param batchSize    m
     * @param epochs       the epoch budget
     * @param result       the trainer's result
     * @param epochLoss    the full training-set loss at θ₀ and after each completed epoch
     * @param stepLoss     the minibatch objective of every step (from {@code onBatch})
     * @param examplesSeen the training examples seen after each step
     * @param divergence   a sentence when the run stopped on a non-finite value, else null
     * @param nanos        wall time of the run
     */
    record Run(String spec, Model model, int batchSize, int epochs, TrainResult result, double[] epochLoss,
            double[] stepLoss, double[] examplesSeen, String divergence, long nanos) {

        /** 0, 1, …, completed epochs: the x values of {@link #epochLoss}. */
        double[] epochAxis() {
            return range(epochLoss.length);
        }
    }

    /**
     * Trains {@code model} on {@code p.train()} with {@code spec}, the training set doubling as the
     * validation set so that the history holds the full training loss after every epoch.
     */
    static Run train(String spec, Model model, Problem p, int batchSize, int epochs, long seed, long initSeed) {
        Sequential net = model.build();
        ModelObjective j = ModelObjective.of(net, Loss.SOFTMAX_CROSS_ENTROPY);
        double[] theta0 = net.init(initSeed);
        TrainConfig config = TrainConfig.of(epochs, batchSize, seed).withNonFinite(NonFinitePolicy.STOP);
        int n = p.train().size();
        int perEpoch = MiniBatches.of(batchSize).count(n);
        Steps steps = new Steps(n, batchSize, perEpoch);
        Trainer trainer = Trainer.of(j, OptimizerSpec.build(spec), config).withListener(steps);
        long t0 = System.nanoTime();
        TrainResult r = trainer.fit(theta0, p.train(), p.train(), p.test());
        long nanos = System.nanoTime() - t0;

        List<EpochSummary> history = r.history().epochs();
        double[] epochLoss = new double[history.size() + 1];
        epochLoss[0] = j.evaluate(theta0, p.train()).loss();
        for (int e = 0; e < history.size(); e++) {
            epochLoss[e + 1] = history.get(e).validationLoss();
        }
        String divergence = null;
        if (r.stopReason() instanceof StopReason.Failed f) {
            long bad = r.steps() + 1;
            divergence = spec + " (" + model.label + ", m = " + batchSize + ") diverged at step " + bad + " (epoch "
                    + ((bad - 1) / perEpoch + 1) + "); the figures and the table show it up to step " + r.steps()
                    + ". " + f.detail() + (f.detail().endsWith(".") ? "" : ".");
        }
        return new Run(spec, model, batchSize, epochs, r, epochLoss, steps.values(), steps.examples(), divergence,
                nanos);
    }

    /** Collects the minibatch values of a run and the examples seen after each. */
    private static final class Steps implements TrainingListener {
        private final int n;
        private final int m;
        private final int perEpoch;
        private double[] values = new double[256];
        private double[] examples = new double[256];
        private int count;
        private long seen;

        Steps(int n, int m, int perEpoch) {
            this.n = n;
            this.m = m;
            this.perEpoch = perEpoch;
        }

        @Override
        public void onBatch(long step, double value, double learningRate) {
            int b = (int) ((step - 1) % perEpoch);
            seen += Math.min(m, n - b * m);
            if (count == values.length) {
                values = Arrays.copyOf(values, 2 * count);
                examples = Arrays.copyOf(examples, 2 * count);
            }
            values[count] = value;
            examples[count] = seen;
            count++;
        }

        double[] values() {
            return Arrays.copyOf(values, count);
        }

        double[] examples() {
            return Arrays.copyOf(examples, count);
        }
    }

    /** Runs the section's trainings in order: progress, the manifest, and a note for each divergence. */
    private static final class Runner {
        final DemoContext ctx;
        final Problem problem;
        final long dataSeed;
        final long trainSeed;
        final long initSeed;
        final int total;
        final List<Run> runs = new ArrayList<>();
        final List<Item.Note> notes = new ArrayList<>();

        Runner(DemoContext ctx, Problem problem, long dataSeed, long trainSeed, long initSeed, int total) {
            this.ctx = ctx;
            this.problem = problem;
            this.dataSeed = dataSeed;
            this.trainSeed = trainSeed;
            this.initSeed = initSeed;
            this.total = total;
        }

        Run run(String spec, Model model, int batchSize, int epochs) {
            ctx.progress().update("minibatch: " + spec + ", " + model.label + ", m = " + batchSize, runs.size(),
                    total);
            Run r = train(spec, model, problem, batchSize, epochs, trainSeed, initSeed);
            runs.add(r);
            record(ctx, r, dataSeed, trainSeed);
            if (r.divergence() != null) {
                notes.add(new Item.Note(r.divergence(), true));
            }
            return r;
        }
    }

    private static void record(DemoContext ctx, Run r, long dataSeed, long trainSeed) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("problem", "gaussian-classes");
        f.put("model", r.model().label);
        f.put("spec", r.spec());
        f.put("batch_size", r.batchSize());
        f.put("epochs", r.epochs());
        f.put("data_seed", dataSeed);
        f.put("seed", trainSeed);
        f.put("steps", r.result().steps());
        f.put("stop", r.result().stopReason().criterion());
        f.put("final_loss", r.result().train().loss());
        f.put("train_accuracy", r.result().train().accuracy());
        f.put("test_accuracy", r.result().test().accuracy());
        f.put("seconds", r.nanos() / 1e9);
        ctx.record(ID, f);
    }

    // ---------------------------------------------------------------------------------------------
    // Text, table and helpers

    /** 0, 1, …, k − 1. */
    static double[] range(int k) {
        double[] x = new double[k];
        for (int i = 0; i < k; i++) {
            x[i] = i;
        }
        return x;
    }

    /** The mean of the last {@code window} values (fewer at the start) at every index. */
    static double[] movingMean(double[] y, int window) {
        double[] out = new double[y.length];
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += y[i];
            if (i >= window) {
                sum -= y[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    private static Item.Table table(List<Run> runs, Problem p) {
        List<List<String>> rows = new ArrayList<>();
        for (Run r : runs) {
            TrainResult t = r.result();
            rows.add(List.of(r.spec(), r.model().label, Integer.toString(r.batchSize()),
                    Integer.toString(t.history().size()), Long.toString(t.steps()), fmt(t.train().loss(), 4),
                    percent(t.train().accuracy()), percent(t.test().accuracy())));
        }
        rows.add(List.of("Bayes classifier (true μ and Σ)", "linear discriminant", "—", "—", "—", "—",
                percent(p.bayesTrain()), percent(p.bayesTest())));
        return new Item.Table("minibatch-runs", "Every run: the final θ on the whole training set and on the"
                + " held-out test set (wall times are in the manifest).",
                List.of("optimizer", "model", "m", "epochs", "steps", "training loss", "training accuracy",
                        "test accuracy"), rows);
    }

    /** What the text says about the runs: the comparison's spread and the batch-size noise. */
    private record Summary(String bestSpec, double bestLoss, String worstSpec, double worstLoss, double rmsSingle,
            double rmsLarge, int largeM) {
    }

    private static Summary summary(List<Run> runs, int optimizers, Run single, Run large) {
        Run best = null;
        Run worst = null;
        for (int i = 0; i < optimizers; i++) {
            Run r = runs.get(i);
            if (r.divergence() != null) {
                continue;
            }
            if (best == null || r.result().train().loss() < best.result().train().loss()) {
                best = r;
            }
            if (worst == null || r.result().train().loss() > worst.result().train().loss()) {
                worst = r;
            }
        }
        return new Summary(best == null ? "none" : best.spec(),
                best == null ? Double.NaN : best.result().train().loss(), worst == null ? "none" : worst.spec(),
                worst == null ? Double.NaN : worst.result().train().loss(),
                rmsChange(single.stepLoss()), rmsChange(large.stepLoss()), large.batchSize());
    }

    /** √(mean of (y[i+1] − y[i])²): how much a curve moves from one step to the next (NaN below 2 points). */
    static double rmsChange(double[] y) {
        double s = 0;
        for (int i = 1; i < y.length; i++) {
            double d = y[i] - y[i - 1];
            s += d * d;
        }
        return y.length < 2 ? Double.NaN : Math.sqrt(s / (y.length - 1));
    }

    private static String text(Problem p, int nTrain, int nTest, int epochs, int batchEpochs, int optimizers,
            Summary sum) {
        double a2 = NUISANCE * NUISANCE;
        return "<p>A model is trained on minibatches: each step estimates the gradient of the training loss from"
                + " m examples of the training set and steps along the estimate. descent's <code>Trainer</code> runs"
                + " the loop: every epoch visits the n training rows in a shuffled order that is a pure function of"
                + " (seed, epoch), in ⌈n/m⌉ minibatches, and the same seed gives the same run bit for bit.</p>"
                + "<p><b>The data</b> are generated by descent from the report's seed: " + CLASSES + " balanced"
                + " classes in " + FEATURES + " features. Class c has its mean μ_c at a vertex of a regular"
                + " tetrahedron, (±1, ±1, ±1) with an even number of minus signs, in the first " + INFORMATIVE
                + " coordinates and 0 in the other " + (FEATURES - INFORMATIVE) + ", which carry no information."
                + " Every row adds independent N(0, 1) noise to each feature and one shared nuisance g ~ N(0, a²),"
                + " a = " + fmt(NUISANCE, 0) + ", to all of them, so every class has the covariance Σ = I + a²𝟙𝟙ᵀ."
                + " The classes overlap, so the loss cannot go to 0; and the nuisance correlates the features"
                + " (correlation a²/(1 + a²) = " + fmt(a2 / (1 + a2), 1) + " between the noise features), which makes"
                + " the loss ill-conditioned: the correlation matrix of the features has eigenvalues from 0.1 to"
                + " 5.3 (a condition number of about 50), the large one along 𝟙, while the class information lies"
                + " across 𝟙, in the small ones. The raw features come in unequal"
                + " units (scales from 0.05 to 20, offsets up to 100); they are standardized with the training"
                + " set's mean and standard deviation (<code>Standardizer</code> fitted on the training rows only),"
                + " and the same map is applied to a test set drawn separately. There are n = " + nTrain
                + " training rows and " + nTest + " test rows.</p>"
                + "<p>Because every class has the same covariance, the Bayes classifier is linear (linear"
                + " discriminant analysis with the true μ_c and Σ), so softmax regression, f(x; θ) = Wᵀx + b with"
                + " " + (FEATURES + 1) * CLASSES + " parameters, can match it. It classifies "
                + percent(p.bayesTrain()) + " of the training rows and " + percent(p.bayesTest()) + " of the test rows correctly, and the mean cross-entropy"
                + " of its posterior on the training rows, " + fmt(p.bayesTrainLoss(), 3) + ", is the dashed line"
                + " of the first figure.</p>"
                + "<p><b>The optimizers.</b> The first figure compares " + optimizers + " optimizers, the seven of"
                + " Goodfellow et al. chapter 8 (Algorithms 8.1–8.7) and AdamW, on softmax regression with m = "
                + BATCH + " for " + epochs + " epochs. Each starts from the same θ₀ = 0 and sees the same"
                + " minibatches in the same order. Each has a learning rate suited to this problem, written in its"
                + " spec in the legend: momentum and Nesterov take ε = 0.01 with α = 0.9, whose steady step"
                + " ε/(1 − α) = 0.1 is SGD's, and RMSProp with Nesterov momentum takes ε = 0.001 for the same"
                + " reason. The curve is the loss on the whole training set after every epoch (evaluated by the"
                + " trainer, which is given the training set as its validation set), not the running mean of the"
                + " minibatch losses. After " + epochs + " epochs the lowest training loss is "
                + fmt(sum.bestLoss(), 4) + " (" + Html.escape(sum.bestSpec()) + ") and the highest "
                + fmt(sum.worstLoss(), 4) + " (" + Html.escape(sum.worstSpec()) + ").</p>"
                + "<p><b>The batch size.</b> The minibatch gradient ĝ is an unbiased estimate of the gradient of"
                + " the training loss, and its variance falls as 1/m (Goodfellow §8.1.3): the standard error of a"
                + " mean of m samples is σ/√m, so 64 times more examples per step make the estimate only 8 times"
                + " more precise. The minibatch loss J(θ; B) is such a mean too. Small batches therefore give a"
                + " noisy loss curve: here the minibatch loss moves by " + fmt(sum.rmsSingle(), 3) + " (root mean"
                + " square) from one step to the next with m = 1 and by " + fmt(sum.rmsLarge(), 4) + " with m = "
                + sum.largeM() + ". But they make many more updates per epoch: over the same " + batchEpochs
                + " epochs, m = 1 takes " + batchEpochs * nTrain + " steps and the full batch " + batchEpochs
                + ", so per example seen the small batches get much further. All four runs use "
                + Html.escape(BATCH_SPEC) + ", the same fixed learning rate.</p>"
                + "<p>The table lists every run, with a small MLP (one hidden layer of " + HIDDEN + " tanh units)"
                + " trained with " + Html.escape(MLP_SPEC) + ": since the Bayes boundary is linear, its extra"
                + " capacity cannot buy test accuracy here. Wall times are in the manifest, not in the table, so"
                + " that the table's CSV is the same on every run with the same seed.</p>";
    }

    private static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
