package dev.descent.train;

import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.data.MiniBatches;
import dev.descent.data.Seeds;
import dev.descent.linalg.Vec;
import dev.descent.nn.ModelObjective;
import dev.descent.optim.HasLearningRate;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.RecordCopier;
import dev.descent.optim.Wrapper;
import dev.descent.optim.schedule.Schedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The learning-rate range test (L. N. Smith, "Cyclical learning rates for training neural
 * networks", WACV 2017, §3.3): train for a bounded number of minibatch steps while the learning
 * rate grows from {@code start} to {@code end}, watch the loss, and read a good rate off the curve.
 *
 * <pre>
 *   ε_i = start · (end/start)^(i/N)        (geometric, default)   or   start + (end − start)·i/N   (linear)
 *   for i = 0 … N−1, over minibatches of the training set (epochs repeat, in order, seeded):
 *     L_i = J(θ; B_i);  one optimizer step with learning rate ε_i
 *     a_i = β a_{i−1} + (1 − β) L_i  (a_{−1} = 0);  s_i = a_i / (1 − β^(i+1))       (bias-corrected EMA)
 *     stop after recording i if s_i &gt; k · min_{j≤i} s_j, or L_i or s_i is not finite
 *   θ and the optimizer state are restored afterwards: the caller's model is unchanged.
 * </pre>
 *
 * <h2>Suggestions</h2>
 * Read on the smoothed curve after dropping its first {@code ⌊N/10⌋} and last 5 points (fastai's
 * {@code lrs[num_it//10:-5]}; fewer when the curve is short):
 * <ul>
 *   <li>{@link Rule#VALLEY} (fastai ≥ 2.5's default): the longest decreasing
 *       subsequence of the losses, and the rate about half-way along it
 *       ({@code idx = start + ⌊len/3⌋ + ⌊len/6⌋}, fastai's {@code valley}): on the falling part of
 *       the curve, well before the minimum.</li>
 *   <li>{@link Rule#STEEPEST}: the rate where the smoothed loss falls fastest against log ε
 *       (central differences, one-sided at the ends, as numpy's {@code gradient}); fastai's
 *       {@code steep} and PyTorch Lightning's {@code suggestion()}.</li>
 *   <li>{@link Rule#MINIMUM_DIV_10} (descent's default, {@link #DEFAULT_RULE}): the rate at the
 *       smallest smoothed loss, divided by 10 (fastai's {@code minimum}; Smith's advice to stay an
 *       order of magnitude below divergence).</li>
 * </ul>
 *
 * <h2>Defaults and where they come from</h2>
 * start = 1e-7, end = 10, N = 100, β = 0.98, k = 4: fastai's {@code Learner.lr_find} (start_lr,
 * end_lr, num_it, the {@code SmoothLoss} β of its {@code Recorder}, {@code stop_div} at 4 × the
 * best smoothed loss), whose geometric schedule is also {@code start·(end/start)^(i/N)}. PyTorch
 * Lightning's {@code Tuner.lr_find} defaults to min_lr 1e-8, max_lr 1, 100 steps, the same β 0.98
 * and early-stop threshold 4, and suggests the steepest point. torch-lr-finder's {@code range_test}
 * smooths with weight 0.05 on the new loss (β = 0.95, without bias correction) and stops at 5 × the
 * best loss. Unlike fastai, descent steps with the user's optimizer and its other hyperparameters
 * unchanged (only ε is swept), so the suggestion is for that optimizer.
 */
public final class LearningRateFinder {

    /** How the learning rate grows from start to end. */
    public enum Mode {
        /** ε_i = start · (end/start)^(i/N). */
        EXPONENTIAL,
        /** ε_i = start + (end − start) · i/N. */
        LINEAR
    }

    /** A named rule that reads a rate off the curve (see the class comment). */
    public enum Rule {
        VALLEY("valley"), STEEPEST("steepest"), MINIMUM_DIV_10("minimum/10");

        private final String key;

        Rule(String key) {
            this.key = key;
        }

        /** The rule's name in reports. */
        public String key() {
            return key;
        }
    }

    /** One recorded step: the rate it used, the batch loss before the step and the smoothed loss. */
    public record Point(double learningRate, double loss, double smoothed) {
    }

    /**
     * The curve, why it stopped, and the suggested rates (empty when the curve is too short or never
     * decreased: then no rate worked).
     */
    public record Result(List<Point> curve, String stopReason, Map<Rule, Double> suggestions) {
        public Result {
            curve = List.copyOf(curve);
            suggestions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(suggestions));
        }

        /** The default suggestion ({@link Rule#MINIMUM_DIV_10}), or NaN when there is none. */
        public double suggestion() {
            Double v = suggestions.get(DEFAULT_RULE);
            return v == null ? Double.NaN : v;
        }

        /**
         * Whether the smoothed loss was still at its lowest on the last point of the curve: the
         * sweep ended before the loss turned up, so the minimum (and minimum ÷ 10) may lie beyond
         * the range, and a sweep to a larger end would suggest a larger rate.
         */
        public boolean stillFalling() {
            int last = -1;
            int argmin = -1;
            for (int i = 0; i < curve.size(); i++) {
                double s = curve.get(i).smoothed();
                if (Double.isFinite(s)) {
                    last = i;
                    if (argmin < 0 || s < curve.get(argmin).smoothed()) {
                        argmin = i;
                    }
                }
            }
            return last >= 0 && argmin == last;
        }
    }

    /**
     * The rule {@link Result#suggestion()} uses: minimum ÷ 10. fastai ≥ 2.5 defaults to valley, but
     * valley takes a point ~half-way along the longest decreasing stretch, and on a curve that is flat
     * for decades before it falls (softmax regression with SGD from 1e-7: flat to 1e-2) that point is
     * on the flat part (8e-4 on MNIST, where the best rate is ~0.1–1); minimum ÷ 10 does not depend on
     * where the sweep starts.
     */
    public static final Rule DEFAULT_RULE = Rule.MINIMUM_DIV_10;

    private final double start;
    private final double end;
    private final int steps;
    private final Mode mode;
    private final double beta;
    private final double divergence;

    private LearningRateFinder(double start, double end, int steps, Mode mode, double beta, double divergence) {
        if (!(start > 0) || !Double.isFinite(start)) {
            throw new IllegalArgumentException("start = " + start + " must be a positive finite learning rate");
        }
        if (!(end > 0) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("end = " + end + " must be a positive finite learning rate");
        }
        if (!(start < end)) {
            throw new IllegalArgumentException("start = " + start + " must be smaller than end = " + end);
        }
        if (steps < 10) {
            throw new IllegalArgumentException("steps = " + steps + " must be at least 10 to read a curve");
        }
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("smoothing = " + beta + " must be in [0, 1)");
        }
        if (!(divergence > 1) || Double.isNaN(divergence)) {
            throw new IllegalArgumentException("divergence = " + divergence + " must be > 1 (× the best loss)");
        }
        this.start = start;
        this.end = end;
        this.steps = steps;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.beta = beta;
        this.divergence = divergence;
    }

    /** fastai's defaults: 1e-7 to 10 in 100 geometric steps, β = 0.98, stop at 4 × the best smoothed loss. */
    public static LearningRateFinder defaults() {
        return new LearningRateFinder(1e-7, 10, 100, Mode.EXPONENTIAL, 0.98, 4);
    }

    /** The same over {@code [start, end]} in {@code steps} steps. */
    public LearningRateFinder withRange(double start, double end, int steps) {
        return new LearningRateFinder(start, end, steps, mode, beta, divergence);
    }

    public LearningRateFinder withMode(Mode m) {
        return new LearningRateFinder(start, end, steps, m, beta, divergence);
    }

    /** The smoothing β of the exponential average, in [0, 1). */
    public LearningRateFinder withSmoothing(double b) {
        return new LearningRateFinder(start, end, steps, mode, b, divergence);
    }

    /** Stop when the smoothed loss exceeds this multiple (&gt; 1) of its minimum. */
    public LearningRateFinder withDivergence(double k) {
        return new LearningRateFinder(start, end, steps, mode, beta, k);
    }

    /** ε_i of this sweep. */
    public double learningRateAt(long i) {
        double t = (double) i / steps;
        return mode == Mode.EXPONENTIAL ? start * Math.pow(end / start, t) : start + (end - start) * t;
    }

    /**
     * Runs the test.
     *
     * @param objective the model and loss
     * @param optimizer any optimizer with a learning rate (possibly inside wrappers); only ε is swept
     * @param theta     not modified (restored bit for bit): the parameters to start from
     * @param train     the training set
     * @param batchSize the minibatch size
     * @param seed      the minibatch order and dropout seed
     * @throws IllegalArgumentException if the optimizer has no learning rate to sweep
     */
    public Result run(ModelObjective objective, Optimizer<?> optimizer, double[] theta, Dataset train, int batchSize,
            long seed) {
        Schedule sweep = this::learningRateAt;
        Optimizer<?> swept = withLearningRate(optimizer, sweep);
        double[] work = theta.clone(); // the caller's θ is never touched
        return sweep(objective, swept, work, train, batchSize, seed);
    }

    private <S extends OptimizerState> Result sweep(ModelObjective objective, Optimizer<S> opt, double[] theta,
            Dataset train, int batchSize, long seed) {
        S state = opt.init(objective.model().layout());
        double[] grad = new double[theta.length];
        List<Point> curve = new ArrayList<>();
        int n = train.size();
        int perEpoch = MiniBatches.of(batchSize).count(n);
        double avg = 0;
        double best = Double.POSITIVE_INFINITY;
        String stop = "reached end = " + end + " after " + steps + " steps";
        int[] order = null;
        for (int i = 0; i < steps; i++) {
            long epoch = i / perEpoch;
            int b = i % perEpoch;
            if (b == 0) {
                order = MiniBatches.order(n, seed, epoch); // once per epoch, as the Trainer does
            }
            Batch batch = train.rows(order, b * batchSize, Math.min(n, (b + 1) * batchSize));
            double lr = learningRateAt(i);
            double[] at = opt.evaluationPoint(theta, state);
            double loss = objective.valueAndGradient(at, batch, grad, dev.descent.nn.Mode.train(
                    Seeds.derive(seed, epoch, b)));
            if (!Double.isFinite(loss) || Vec.firstNonFinite(grad) >= 0) {
                curve.add(new Point(lr, loss, Double.NaN));
                stop = "the loss or its gradient turned non-finite at lr = " + lr + " (step " + (i + 1) + ")";
                break;
            }
            avg = beta * avg + (1 - beta) * loss;
            double smoothed = avg / (1 - Math.pow(beta, i + 1));
            curve.add(new Point(lr, loss, smoothed));
            if (smoothed < best) {
                best = smoothed;
            }
            if (smoothed > divergence * best) {
                stop = "diverged at lr = " + lr + " (step " + (i + 1) + "): smoothed loss " + smoothed + " > "
                        + divergence + " × its minimum " + best;
                break;
            }
            try {
                opt.step(theta, grad, state);
            } catch (IllegalArgumentException e) {
                stop = "the optimizer refused the step at lr = " + lr + ": " + e.getMessage();
                break;
            }
            if (Vec.firstNonFinite(theta) >= 0) {
                stop = "the parameters turned non-finite at lr = " + lr + " (step " + (i + 1) + ")";
                break;
            }
        }
        return new Result(curve, stop, suggest(curve, steps));
    }

    /** The suggestions of every rule on {@code curve} (see the class comment); empty if it never decreased. */
    static Map<Rule, Double> suggest(List<Point> curve, int plannedSteps) {
        List<Point> finite = new ArrayList<>();
        for (Point p : curve) {
            if (Double.isFinite(p.smoothed())) {
                finite.add(p);
            }
        }
        int skipStart = plannedSteps / 10;
        int skipEnd = 5;
        if (finite.size() - skipStart - skipEnd < 3) {
            skipStart = 0;
            skipEnd = 0;
        }
        List<Point> part = finite.subList(Math.min(skipStart, finite.size()), Math.max(skipStart,
                finite.size() - skipEnd));
        Map<Rule, Double> out = new LinkedHashMap<>();
        if (part.size() < 3) {
            return out;
        }
        int m = part.size();
        double[] lr = new double[m];
        double[] loss = new double[m];
        for (int i = 0; i < m; i++) {
            lr[i] = part.get(i).learningRate();
            loss[i] = part.get(i).smoothed();
        }
        int min = 0;
        for (int i = 1; i < m; i++) {
            if (loss[i] < loss[min]) {
                min = i;
            }
        }
        if (min == 0) {
            return out; // the loss never went below its first value: no rate helped
        }
        out.put(Rule.VALLEY, lr[valley(loss)]);
        out.put(Rule.STEEPEST, lr[steepest(lr, loss)]);
        out.put(Rule.MINIMUM_DIV_10, lr[min] / 10);
        return out;
    }

    /** fastai's valley: about half-way along the longest decreasing subsequence. */
    static int valley(double[] loss) {
        int n = loss.length;
        int[] lds = new int[n];
        java.util.Arrays.fill(lds, 1);
        int maxStart = 0;
        int maxEnd = 0;
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (loss[i] < loss[j] && lds[i] < lds[j] + 1) {
                    lds[i] = lds[j] + 1;
                }
                if (lds[maxEnd] < lds[i]) {
                    maxEnd = i;
                    maxStart = maxEnd - lds[maxEnd];
                }
            }
        }
        double sections = (maxEnd - maxStart) / 3.0;
        return Math.min(n - 1, maxStart + (int) sections + (int) (sections / 2));
    }

    /** The index of the most negative d loss / d log ε (numpy.gradient's differences). */
    static int steepest(double[] lr, double[] loss) {
        int n = loss.length;
        int best = 0;
        double bestSlope = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - 1);
            int b = Math.min(n - 1, i + 1);
            double slope = (loss[b] - loss[a]) / (Math.log(lr[b]) - Math.log(lr[a]));
            if (slope < bestSlope) {
                bestSlope = slope;
                best = i;
            }
        }
        return best;
    }

    /**
     * {@code optimizer} with ε replaced by {@code schedule}, through any chain of wrappers.
     *
     * @throws IllegalArgumentException if no optimizer in the chain has a learning rate
     */
    @SuppressWarnings("unchecked")
    public static Optimizer<?> withLearningRate(Optimizer<?> optimizer, Schedule schedule) {
        if (optimizer instanceof HasLearningRate h) {
            return h.withLearningRate(schedule);
        }
        if (optimizer instanceof Wrapper<?> w && optimizer instanceof Record r) {
            RecordCopier<Record> copier = (RecordCopier<Record>) RecordCopier.forRecord(r);
            List<String> inners = copier.componentsOfType(Optimizer.class);
            if (inners.size() == 1) {
                return (Optimizer<?>) copier.with(r, inners.get(0), withLearningRate(w.inner(), schedule));
            }
        }
        throw new IllegalArgumentException(optimizer.name() + " has no learning rate to sweep (lr-find needs an"
                + " optimizer with an lr parameter, e.g. sgd, adam, prodigy)");
    }
}
