package dev.descent.train;

import dev.descent.data.Dataset;
import dev.descent.data.RowSource;
import dev.descent.data.MiniBatches;
import dev.descent.data.Seeds;
import dev.descent.data.Split;
import dev.descent.linalg.ParamLayout;
import dev.descent.linalg.Vec;
import dev.descent.nn.Evaluation;
import dev.descent.nn.Mode;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Precision;
import dev.descent.nn.TrainingPass;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Optimizers;
import dev.descent.optim.StateDict;
import dev.descent.optim.ValueAwareOptimizer;
import dev.descent.optim.Wrapper;
import dev.descent.optim.stop.Progress;
import dev.descent.optim.stop.StopReason;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.optim.stop.ValueHistory;
import dev.descent.optim.transform.ReduceOnPlateau;
import dev.descent.optim.transform.StepUndo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Minibatch training of a model with any optimizer: epochs of seeded minibatches, validation after
 * every epoch, early stopping and restore-best, listeners, a policy for non-finite values, and
 * checkpoints from which a run continues bit for bit.
 *
 * <pre>
 *   for epoch e = 0 … epochs−1:
 *     π = MiniBatches.order(n, seed, e)                         (a pure function of seed and e)
 *     for batch b = 0 … ⌈n/m⌉−1:   B = rows π[b·m, min(n, (b+1)·m))
 *       x = optimizer.evaluationPoint(θ, state)                 (θ, or the look-ahead point)
 *       J, g = J(x; B), ∇J(x; B)   with dropout masks from Seeds.derive(seed, e, b)
 *       non-finite J or g: REFUSE → throw, SKIP → count and go on, STOP → end with the last good θ
 *       optimizer.step(θ, g, state)                             (its schedule reads state's step)
 *       non-finite θ or state entry: undo the step, then as for a non-finite g
 *       listeners.onBatch; stopping criterion; checkpoint every N global steps
 *     x = optimizer.modelPoint(θ, state)                      (θ; schedule-free's averaged x)
 *     validation loss and accuracy at x; reduce-on-plateau observes the monitored metric; history;
 *     best x (restore-best); listeners.onEpoch; early stopping; checkpoint at the epoch's end
 *   result ← best epoch's x if restore-best, else x; evaluate it on the training, validation and test sets
 * </pre>
 *
 * <pre>{@code
 * ModelObjective j = ModelObjective.of(Mlp.of(Activation.RELU, 784, 128, 10), Loss.SOFTMAX_CROSS_ENTROPY);
 * Trainer trainer = Trainer.of(j, OptimizerSpec.build("adam(lr=1e-3)"), TrainConfig.of(10, 128, 1)
 *                 .withCheckpointEverySteps(500))
 *         .withCheckpoints(CheckpointDirectory.open(dir, 3)::save)
 *         .withListener(progressBar);
 * TrainResult r = trainer.fit(j.model().init(1), mnist.train(), null, mnist.test());
 * // after a crash:
 * Checkpoint c = CheckpointDirectory.open(dir, 3).latest(trainer.layout(), trainer.stateTemplate(), REFUSE)
 *         .orElseThrow().checkpoint();
 * TrainResult same = trainer.resume(c, mnist.train(), null, mnist.test());   // the same θ, bit for bit
 * }</pre>
 *
 * <h2>Contracts</h2>
 * <ul>
 *   <li><b>Determinism.</b> The same objective, optimizer, configuration, data and initial θ give
 *       the same run, bit for bit: minibatch order and dropout masks are pure functions of
 *       (seed, epoch, batch), the optimizer's schedule is a function of its state's step, and the
 *       matrix kernel sums in a fixed order.</li>
 *   <li><b>Resume.</b> A checkpoint holds θ, the optimizer state, the position (epoch, batch in
 *       epoch, global step, seed), the history, the epoch's running sums and the best θ so far
 *       (see {@link TrainState}). {@link #resume} recomputes the epoch's order, skips the batches
 *       already done and goes on: the result equals the uninterrupted run's, bit for bit (only the
 *       elapsed times differ). Before it changes anything it checks that the checkpoint fits: the
 *       layout, the optimizer's state structure and text, the seed, the batch size, the settings
 *       that shape the trajectory, and the data sizes. The epoch budget and checkpoint frequency
 *       may change (to extend a finished run, say).</li>
 *   <li><b>Non-finite values are never silently used.</b> A NaN or ±∞ objective or gradient is
 *       caught before the step; under {@code REFUSE} the run throws
 *       {@link NonFiniteTrainingException} naming the step, the epoch, the batch and the first bad
 *       block; under {@code SKIP} the batch is skipped (θ and the optimizer state unchanged) and
 *       counted in the history and the result; under {@code STOP} the run ends with
 *       {@code StopReason.Failed("non-finite", …)} and the last good θ. An update that makes θ or
 *       an entry of the optimizer state non-finite (Adam's r = g² overflows for |g| &gt; 1e154, say,
 *       which would freeze θ) is undone from copies taken before it, θ and state bit for bit, and
 *       then treated like a non-finite gradient, the exception naming the block or the state key
 *       and index. No checkpoint holding a non-finite θ or state entry is written, and none is
 *       resumed from (state buffers that may hold ±∞, such as reduce-on-plateau's best, excepted).</li>
 *   <li><b>A checkpoint that cannot be written</b> ends the run where it is, θ and history intact:
 *       the result's stop reason is {@code StopReason.Failed("checkpoint", …)} with the step, the
 *       epochs done and the sink's reason, and the sets are evaluated as usual.</li>
 *   <li><b>Training point and model point.</b> Gradients are taken at
 *       {@link Optimizer#evaluationPoint}; validation, the best parameters, the test evaluation and the
 *       result's parameters use {@link Optimizer#modelPoint}. For the schedule-free optimizers the two
 *       differ: θ holds y (where the reference's {@code train()} mode takes gradients) and the model is
 *       the average x (what its {@code eval()} mode puts in the parameters), so the epoch's training
 *       loss is measured along y while validation and test measure x. A checkpoint keeps θ = y and the
 *       state (z, …) to resume bit for bit, and x as the tensor {@value Checkpoint#MODEL_PARAMS}
 *       ({@link Checkpoint#modelParams()}).</li>
 *   <li><b>Validation</b> is the set passed to {@link #fit}, or the held-out share
 *       {@link TrainConfig#validationFraction()} of the training set (stratified for
 *       classification, seed {@code Seeds.derive(seed, SPLIT_STREAM)}). Fit statistics such as a
 *       standardizer on the training part only: split first, then pass both sets.</li>
 *   <li><b>Reduce-on-plateau.</b> If the optimizer is (or wraps) a {@link ReduceOnPlateau}, it
 *       observes the monitored metric after every epoch (a NaN metric is passed as the worst
 *       value, ±∞).</li>
 *   <li><b>Stopping criteria</b> ({@link #withStopping}) are checked after every update with the
 *       batch objective as the value: {@code iteration} and {@code evaluations} are global steps,
 *       the gradient is the batch gradient, and the value history holds every finite batch value.
 *       A criterion may stop the run mid-epoch; the partial epoch then has no summary.</li>
 *   <li><b>The minibatch gradient</b> and the final training-set evaluation come from the
 *       {@link GradientEngine} ({@link #withEngine}; descent-spark's computes them on a cluster, to
 *       within the order of the sums). The local engine's is a {@link TrainingPass}: fused, data-parallel over fixed
 *       shards of {@value TrainingPass#SHARD_ROWS} rows on the shared pool (bit for bit the same for
 *       any thread count), in the configured {@link TrainConfig#precision()}, and allocation-free:
 *       its buffers, θ, the gradient, the previous θ (to undo a non-finite update) and a copy of the
 *       optimizer state are made once per run and reused every step. The sets are evaluated (once per
 *       epoch and at the end) on the tape, in double.</li>
 * </ul>
 */
public final class Trainer {

    /** The stream of {@link Seeds#derive(long, long)} that seeds the validation split. */
    public static final long SPLIT_STREAM = 0x5350_4c49_54L; // "SPLIT"

    /** The configuration keys that must match between a checkpoint and the run resuming from it. */
    private static final List<String> TRAJECTORY_KEYS = List.of("batch_size", "seed", "validation_fraction", "monitor",
            "patience", "min_delta", "restore_best", "precision");

    private final ModelObjective objective;
    private final Optimizer<?> optimizer;
    private final TrainConfig config;
    private final StoppingCriterion stopping;
    private final List<TrainingListener> listeners;
    private final CheckpointSink checkpoints;
    private final Map<String, String> metadata;
    private final GradientEngine engine;

    private Trainer(ModelObjective objective, Optimizer<?> optimizer, TrainConfig config, StoppingCriterion stopping,
            List<TrainingListener> listeners, CheckpointSink checkpoints, Map<String, String> metadata,
            GradientEngine engine) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.config = Objects.requireNonNull(config, "config");
        this.stopping = stopping;
        this.listeners = List.copyOf(listeners);
        this.checkpoints = checkpoints;
        this.metadata = Map.copyOf(metadata);
        this.engine = Objects.requireNonNull(engine, "engine");
        for (String k : metadata.keySet()) {
            if (k.startsWith("train.") || k.equals(Checkpoint.CONFIG) || k.equals(Checkpoint.OPTIMIZER)
                    || k.equals(Checkpoint.RNG)) {
                throw new IllegalArgumentException("metadata key '" + k + "' is the trainer's own");
            }
            if (k.isEmpty() || k.startsWith(Checkpoint.RESERVED_PREFIX)) {
                throw new IllegalArgumentException("metadata key '" + k + "' is empty or starts with the reserved"
                        + " prefix '" + Checkpoint.RESERVED_PREFIX + "'");
            }
        }
        if (config.monitor().isAccuracy() && !objective.loss().isClassification()) {
            throw new IllegalArgumentException("monitor = " + config.monitor().key() + " needs a classification loss;"
                    + " " + objective.loss() + " has no accuracy");
        }
        ReduceOnPlateau rop = LearningRates.plateauOf(optimizer);
        if (rop != null && (rop.mode() == ReduceOnPlateau.Mode.MAX) != config.monitor().higherIsBetter()) {
            throw new IllegalArgumentException("reduce_on_plateau has mode " + rop.mode() + " but the monitored metric "
                    + config.monitor().key() + (config.monitor().higherIsBetter() ? " should go up" : " should go down"));
        }
    }

    /** A trainer without stopping criteria, listeners, checkpoints or extra metadata. */
    public static Trainer of(ModelObjective objective, Optimizer<?> optimizer, TrainConfig config) {
        return new Trainer(objective, optimizer, config, null, List.of(), null, Map.of(), GradientEngine.LOCAL);
    }

    /** The same with a stopping criterion checked after every update (see the class comment); null for none. */
    public Trainer withStopping(StoppingCriterion criterion) {
        return new Trainer(objective, optimizer, config, criterion, listeners, checkpoints, metadata, engine);
    }

    /** The same with one more listener. */
    public Trainer withListener(TrainingListener listener) {
        List<TrainingListener> l = new ArrayList<>(listeners);
        l.add(Objects.requireNonNull(listener, "listener"));
        return new Trainer(objective, optimizer, config, stopping, l, checkpoints, metadata, engine);
    }

    /** The same writing checkpoints to {@code sink} as {@link TrainConfig} says; null for none. */
    public Trainer withCheckpoints(CheckpointSink sink) {
        return new Trainer(objective, optimizer, config, stopping, listeners, sink, metadata, engine);
    }

    /** The same with extra metadata in every checkpoint (e.g. the command line); keys as {@link Checkpoint} allows. */
    public Trainer withMetadata(Map<String, String> extra) {
        return new Trainer(objective, optimizer, config, stopping, listeners, checkpoints, new LinkedHashMap<>(extra),
                engine);
    }

    /** The same with another configuration. */
    public Trainer withConfig(TrainConfig c) {
        return new Trainer(objective, optimizer, c, stopping, listeners, checkpoints, metadata, engine);
    }

    /**
     * The same computing its minibatch gradients and training-set evaluation on {@code e} (a Spark
     * cluster, say) instead of in this JVM; everything else of the run stays here.
     */
    public Trainer withEngine(GradientEngine e) {
        return new Trainer(objective, optimizer, config, stopping, listeners, checkpoints, metadata, e);
    }

    public GradientEngine engine() {
        return engine;
    }

    public ModelObjective objective() {
        return objective;
    }

    public Optimizer<?> optimizer() {
        return optimizer;
    }

    public TrainConfig config() {
        return config;
    }

    /** The model's parameter layout: what checkpoints must match. */
    public ParamLayout layout() {
        return objective.model().layout();
    }

    /** A fresh optimizer state snapshot for the model's layout: the template checkpoints are checked against. */
    public StateDict stateTemplate() {
        return optimizer.init(layout()).stateDict();
    }

    /**
     * Trains from {@code theta0} on {@code train}, holding out {@link TrainConfig#validationFraction()}
     * of it for validation when that is positive.
     *
     * @param theta0 not modified: the initial θ, e.g. {@code model.init(seed)}
     */
    public TrainResult fit(double[] theta0, RowSource train) {
        return fit(theta0, train, null, null);
    }

    /**
     * Trains from {@code theta0}.
     *
     * @param theta0     not modified: the initial θ
     * @param train      the training set
     * @param validation the validation set, or null for none (or for the configured held-out share)
     * @param test       a test set to evaluate the final θ on, or null
     * @throws IllegalArgumentException if the data do not fit the model or the configuration
     * @throws NonFiniteTrainingException under the REFUSE policy
     * @throws IllegalStateException if a checkpoint would hold a non-finite θ or state entry (none is written)
     */
    public TrainResult fit(double[] theta0, RowSource train, Dataset validation, Dataset test) {
        Data data = data(train, validation, test);
        if (theta0.length != objective.dimension()) {
            throw new IllegalArgumentException("theta0 has length " + theta0.length + " but the model has "
                    + objective.dimension() + " parameters " + layout().names());
        }
        int bad = Vec.firstNonFinite(theta0);
        if (bad >= 0) {
            throw new IllegalArgumentException("theta0: " + layout().describe(bad) + " = " + theta0[bad]
                    + " is not finite");
        }
        TrainState s = new TrainState(theta0.clone(), optimizer.init(layout()), TrainingPosition.start(config.seed()));
        return new Run<>(optimizer, s, data, null).run();
    }

    /** {@link #resume(Checkpoint, Dataset, Dataset, Dataset)} without explicit validation or test sets. */
    public TrainResult resume(Checkpoint checkpoint, RowSource train) {
        return resume(checkpoint, train, null, null);
    }

    /**
     * Continues the run {@code checkpoint} was taken from, on the same data, as if it had never
     * stopped. A checkpoint of a run that has already ended (its epochs done, early-stopped, or
     * stopped by a criterion or the non-finite policy) is not trained further: the result is
     * rebuilt from it. A run whose epoch budget is spent continues when this configuration has
     * more epochs.
     *
     * @param checkpoint not modified
     * @throws IllegalArgumentException naming the first mismatch, before anything runs, if the
     *                                  checkpoint does not fit this trainer and data, or if it holds
     *                                  a non-finite θ, best θ or optimizer state entry
     */
    public TrainResult resume(Checkpoint checkpoint, RowSource train, Dataset validation, Dataset test) {
        Data data = data(train, validation, test);
        checkCompatible(checkpoint, data);
        double[] theta = new double[objective.dimension()];
        OptimizerState state = optimizer.init(layout());
        TrainState s = new TrainState(theta, state, checkpoint.position());
        try {
            s.loadExtras(checkpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(cannotResume(checkpoint) + e.getMessage(), e);
        }
        checkpoint.restore(theta, state); // validates, then copies
        String bad = firstNonFinite(theta, s.best, state);
        if (bad != null) {
            throw new IllegalArgumentException(cannotResume(checkpoint) + bad + " is not finite");
        }
        if (s.stop instanceof StopReason.Budget b && (b.criterion().equals("epochs") || b.criterion().equals("steps"))
                && s.position.epoch() < config.epochs() && !stepBudgetSpent(s.position)) {
            s.stop = null; // a spent epoch or step budget that this configuration extends
        }
        return new Run<>(optimizer, s, data, checkpoint.position()).run();
    }

    /** Whether {@code p} has used the configuration's step budget (never, without one). */
    private boolean stepBudgetSpent(TrainingPosition p) {
        return config.maxSteps() > 0 && p.globalStep() >= config.maxSteps();
    }

    /** The first non-finite entry of θ, the best θ (may be null) or the state, described; null when all are finite. */
    private String firstNonFinite(double[] theta, double[] best, OptimizerState state) {
        int i = Vec.firstNonFinite(theta);
        if (i >= 0) {
            return "θ " + layout().describe(i) + " = " + theta[i];
        }
        i = best == null ? -1 : Vec.firstNonFinite(best);
        if (i >= 0) {
            return "the best θ " + layout().describe(i) + " = " + best[i];
        }
        OptimizerState.NonFiniteEntry e = state.firstNonFinite();
        return e == null ? null : "the optimizer " + e;
    }

    private static String cannotResume(Checkpoint c) {
        return "cannot resume from the checkpoint at step " + c.position().globalStep() + ": ";
    }

    private void checkCompatible(Checkpoint c, Data data) {
        String layoutProblem = Checkpoint.describeDifference(c.layout(), layout());
        if (layoutProblem != null) {
            throw new IllegalArgumentException(cannotResume(c) + "parameter layout does not match the model: "
                    + layoutProblem);
        }
        try {
            c.optimizer().requireSameStructure(stateTemplate());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(cannotResume(c) + "optimizer state does not fit the optimizer: "
                    + e.getMessage(), e);
        }
        String storedOptimizer = c.metadata().get(Checkpoint.OPTIMIZER);
        String ours = describe(optimizer);
        if (storedOptimizer != null && ours != null && !storedOptimizer.equals(ours)) {
            throw new IllegalArgumentException(cannotResume(c) + "it was written with the optimizer " + storedOptimizer
                    + ", this run has " + ours);
        }
        if (c.position().seed() != config.seed()) {
            throw new IllegalArgumentException(cannotResume(c) + "it was written with seed = " + c.position().seed()
                    + ", this run has seed = " + config.seed());
        }
        String text = c.metadata().get(Checkpoint.CONFIG);
        if (text == null) {
            throw new IllegalArgumentException(cannotResume(c) + "it has no '" + Checkpoint.CONFIG
                    + "' metadata (it was not written by a Trainer)");
        }
        Map<String, String> stored = TrainConfig.parseText(text);
        stored.putIfAbsent("precision", Precision.F64.key()); // written before precision was recorded
        Map<String, String> now = config.toMap();
        for (String k : TRAJECTORY_KEYS) {
            if (!Objects.equals(stored.get(k), now.get(k))) {
                throw new IllegalArgumentException(cannotResume(c) + "it was written with " + k + " = " + stored.get(k)
                        + ", this run has " + k + " = " + now.get(k));
            }
        }
        String sizes = data.describeSizes();
        String storedSizes = c.metadata().get(TrainState.DATA);
        if (!sizes.equals(storedSizes)) {
            throw new IllegalArgumentException(cannotResume(c) + "it was written for data with " + storedSizes
                    + " rows, this run has " + sizes);
        }
        if (c.position().stepInEpoch() > data.batchesPerEpoch) {
            throw new IllegalArgumentException(cannotResume(c) + "its position " + c.position() + " is past the "
                    + data.batchesPerEpoch + " batches of an epoch");
        }
    }

    /** The optimizer's text for checkpoints, or null when it has none ({@link Optimizers#stableDescription}). */
    private static String describe(Optimizer<?> o) {
        return Optimizers.stableDescription(o);
    }

    /** The datasets of a run, checked against the model and the configuration. */
    private record Data(RowSource train, Dataset validation, Dataset test, int batchesPerEpoch) {
        String describeSizes() {
            return "train=" + train.size() + ",validation=" + (validation == null ? 0 : validation.size());
        }
    }

    private Data data(RowSource train, Dataset validation, Dataset test) {
        Objects.requireNonNull(train, "train");
        if (validation != null && config.validationFraction() > 0) {
            throw new IllegalArgumentException("give either a validation set or validationFraction = "
                    + config.validationFraction() + ", not both");
        }
        if (validation == null && config.validationFraction() > 0) {
            if (!(train instanceof Dataset all)) {
                throw new IllegalArgumentException("validationFraction = " + config.validationFraction() + " splits an"
                        + " in-memory Dataset; " + train + " is not one: pass a validation set");
            }
            Split split = validationSplit(all, config.validationFraction(), config.seed());
            train = split.train();
            validation = split.validation();
        }
        objective.loss().checkData(objective.model(), train);
        if (validation != null) {
            objective.loss().checkData(objective.model(), validation);
        }
        if (test != null) {
            objective.loss().checkData(objective.model(), test);
        }
        boolean tracks = config.earlyStopping() || config.restoreBest() || LearningRates.plateauOf(optimizer) != null;
        if (validation == null && config.monitor().needsValidation() && tracks) {
            throw new IllegalArgumentException("monitor = " + config.monitor().key() + " (for early stopping,"
                    + " restore-best or reduce-on-plateau) needs a validation set: pass one, set validationFraction,"
                    + " or monitor loss");
        }
        int batches = MiniBatches.of(config.batchSize()).count(train.size());
        return new Data(train, validation, test, batches);
    }

    /**
     * The validation split a run with {@code validationFraction} makes: stratified for classes, seed
     * {@code Seeds.derive(seed, SPLIT_STREAM)}. For callers that split first (e.g. to standardize
     * with training statistics only) and must get the same split.
     *
     * @param train    not modified
     * @param fraction the validation fraction, in (0, 1)
     * @param seed     the run's seed
     */
    public static Split validationSplit(Dataset train, double fraction, long seed) {
        long s = Seeds.derive(seed, SPLIT_STREAM);
        return train.isClassification() ? Split.stratified(train, fraction, s) : Split.trainValidation(train, fraction, s);
    }

    /** One run: the typed optimizer, the state and the loop. */
    private final class Run<S extends OptimizerState> {

        private final Optimizer<S> opt;
        private final S state;
        private final TrainState s;
        private final Data data;
        private final TrainingPosition resumedFrom;
        private final double[] grad;
        private GradientEngine.Session pass; // opened by run(), closed when it returns
        private final StepUndo undo;
        private final EarlyStopping tracker;
        private final Wrapper.Link plateau;
        private final ValueHistory values;
        private final Map<String, String> meta;
        private final long t0 = System.nanoTime();
        private double previousValue = Double.NaN;

        @SuppressWarnings("unchecked")
        Run(Optimizer<S> opt, TrainState s, Data data, TrainingPosition resumedFrom) {
            this.opt = opt;
            this.state = (S) s.optimizerState; // created by opt.init
            this.s = s;
            this.data = data;
            this.resumedFrom = resumedFrom;
            this.grad = new double[s.theta.length];
            this.undo = new StepUndo(state);
            boolean track = config.earlyStopping() || config.restoreBest();
            this.tracker = track ? new EarlyStopping(config.monitor(), config.patience(), config.minDelta()) : null;
            if (tracker != null) {
                for (EpochSummary e : s.epochs) {
                    tracker.observe(e);
                }
                if (config.restoreBest() && tracker.bestEpoch() >= 0 && s.best == null) {
                    throw new IllegalArgumentException("cannot resume: the history has a best epoch ("
                            + (tracker.bestEpoch() + 1) + ") but the checkpoint holds no '" + TrainState.BEST_PARAMS
                            + "' tensor");
                }
            }
            this.plateau = LearningRates.plateau(opt, state);
            this.values = s.valueHistory();
            double[] bv = s.batchValues();
            for (int i = bv.length - 1; i >= 0; i--) {
                if (Double.isFinite(bv[i])) {
                    previousValue = bv[i];
                    break;
                }
            }
            Map<String, String> m = new LinkedHashMap<>(metadata);
            m.put(Checkpoint.CONFIG, config.toText());
            String text = describe(optimizer);
            if (text != null) {
                m.put(Checkpoint.OPTIMIZER, text);
            }
            m.put(Checkpoint.RNG, TrainState.RNG_TEXT);
            m.put(TrainState.DATA, data.describeSizes());
            this.meta = m;
        }

        long elapsed() {
            return s.elapsedBefore + (System.nanoTime() - t0);
        }

        TrainResult run() {
            pass = engine.open(objective, config.precision(), data.train, Math.min(config.batchSize(),
                    data.train.size()));
            try {
                return loop();
            } finally {
                pass.close();
            }
        }

        private TrainResult loop() {
            TrainingPosition start = s.position;
            if (s.stop == null && tracker != null && tracker.shouldStop() && s.position.stepInEpoch() == 0) {
                s.stop = earlyStop(); // the checkpoint was taken after the epoch that ran out of patience
            }
            boolean finished = s.stop != null || s.position.epoch() >= config.epochs();
            for (TrainingListener l : listeners) {
                l.onStart(new TrainingListener.RunInfo(config, data.train.size(),
                        data.validation == null ? 0 : data.validation.size(), data.batchesPerEpoch, start,
                        resumedFrom != null, finished));
            }
            while (s.stop == null && s.position.epoch() < config.epochs() && !stepBudgetSpent(s.position)) {
                runEpoch();
            }
            if (s.stop == null && stepBudgetSpent(s.position) && s.position.epoch() < config.epochs()) {
                s.stop = new StopReason.Budget("steps", "completed " + s.position.globalStep() + " steps (epoch "
                        + (s.position.epoch() + (s.position.stepInEpoch() > 0 ? 1 : 0)) + ", step "
                        + (s.position.stepInEpoch() > 0 ? s.position.stepInEpoch() : data.batchesPerEpoch) + " of "
                        + data.batchesPerEpoch + ")");
            }
            if (s.stop == null) {
                s.stop = new StopReason.Budget("epochs", "completed " + s.position.epoch() + " epoch"
                        + (s.position.epoch() == 1 ? "" : "s") + " (" + s.position.globalStep() + " steps)");
            }
            boolean failedToSave = s.stop instanceof StopReason.Failed f && f.criterion().equals("checkpoint");
            if (checkpoints != null && config.checkpoints() && !s.position.equals(start) && !failedToSave) {
                save();
            }
            return finish();
        }

        private void runEpoch() {
            long e = s.position.epoch();
            int n = data.train.size();
            int m = config.batchSize();
            int[] order = MiniBatches.order(n, config.seed(), e);
            for (int b = (int) s.position.stepInEpoch(); b < data.batchesPerEpoch; b++) {
                int from = b * m;
                int to = Math.min(n, from + m);
                if (!step(e, b, order, from, to)) {
                    return; // stopped
                }
                if (config.checkpointEverySteps() > 0 && s.position.globalStep() % config.checkpointEverySteps() == 0
                        && checkpoints != null) {
                    save();
                }
                if (s.stop != null) {
                    return;
                }
                if (stepBudgetSpent(s.position) && b < data.batchesPerEpoch - 1) {
                    return; // the step budget ends inside the epoch: no end-of-epoch summary
                }
            }
            endEpoch(e);
        }

        /** One minibatch; false when the run stopped without consuming it. */
        private boolean step(long epoch, int b, int[] order, int from, int to) {
            long stepNumber = s.position.globalStep() + 1;
            double lr = LearningRates.next(opt, state);
            double[] at = opt.evaluationPoint(s.theta, state);
            Mode mode = Mode.train(Seeds.derive(config.seed(), epoch, b));
            ModelObjective.BatchResult r = pass.run(at, order, from, to, grad, mode);
            int badGrad = Vec.firstNonFinite(grad);
            boolean badValue = !Double.isFinite(r.value());
            if (badValue || badGrad >= 0) {
                String where = badGrad >= 0 ? layout().describe(badGrad) : null;
                NonFiniteTrainingException problem = badValue
                        ? new NonFiniteTrainingException(stepNumber, epoch, b, data.batchesPerEpoch,
                                NonFiniteTrainingException.Quantity.LOSS, where, r.value(), r.value())
                        : new NonFiniteTrainingException(stepNumber, epoch, b, data.batchesPerEpoch,
                                NonFiniteTrainingException.Quantity.GRADIENT, where, grad[badGrad], r.value());
                return refuseSkipOrStop(problem, stepNumber, badValue ? r.value() : Double.NaN, r.value(), lr);
            }
            undo.save(s.theta);
            ValueAwareOptimizer.offerValue(opt, state, r.value()); // the minibatch loss, for Polyak steps
            opt.step(s.theta, grad, state);
            // an update can overflow θ or the state (Adam's v = g² with |g| ~ 1e160) with a finite gradient
            StepUndo.NonFinite bad = undo.undoIfNonFinite(s.theta);
            if (bad != null) {
                NonFiniteTrainingException problem = new NonFiniteTrainingException(stepNumber, epoch, b,
                        data.batchesPerEpoch, bad.quantity() == StepUndo.Quantity.PARAMETERS
                                ? NonFiniteTrainingException.Quantity.PARAMETERS
                                : NonFiniteTrainingException.Quantity.STATE,
                        bad.where(), bad.value(), r.value());
                return refuseSkipOrStop(problem, stepNumber, Double.NaN, r.value(), lr);
            }
            s.position = s.position.nextStep();
            s.epochLossSum += r.loss() * (to - from);
            s.epochRows += to - from;
            if (r.correct() >= 0) {
                s.epochCorrect += r.correct();
            }
            s.addBatchValue(r.value());
            values.add(r.value());
            for (TrainingListener l : listeners) {
                l.onBatch(stepNumber, r.value(), lr);
            }
            if (stopping != null) {
                Progress p = new Progress(stepNumber, stepNumber, r.value(), previousValue, Vec.norm2(grad),
                        Vec.distance(s.theta, undo.savedParams()), Vec.norm2(s.theta), elapsed(), values);
                Optional<StopReason> reason = stopping.check(p);
                if (reason.isPresent()) {
                    s.stop = reason.get();
                }
            }
            previousValue = r.value();
            return true;
        }

        /**
         * Applies the policy to a step that met a non-finite value; θ and the state are as before it.
         * Returns true (go on) after a skip, false when the run stops.
         */
        private boolean refuseSkipOrStop(NonFiniteTrainingException problem, long stepNumber, double recorded,
                double value, double lr) {
            switch (config.nonFinite()) {
                case REFUSE -> throw problem;
                case SKIP -> {
                    s.skippedTotal++;
                    s.epochSkipped++;
                    s.addBatchValue(recorded);
                    s.position = s.position.nextStep();
                    for (TrainingListener l : listeners) {
                        l.onBatch(stepNumber, value, lr);
                    }
                    return true;
                }
                default -> {
                    s.stop = new StopReason.Failed("non-finite", problem.getMessage());
                    return false;
                }
            }
        }

        private void endEpoch(long e) {
            double[] model = opt.modelPoint(s.theta, state); // x for schedule-free, else θ
            Evaluation v = data.validation == null ? null : objective.evaluate(model, data.validation);
            boolean classification = objective.loss().isClassification();
            double trainLoss = s.epochRows > 0 ? s.epochLossSum / s.epochRows : Double.NaN;
            double trainAccuracy = classification && s.epochRows > 0 ? (double) s.epochCorrect / s.epochRows
                    : Double.NaN;
            double vLoss = v == null ? Double.NaN : v.loss();
            double vAccuracy = v == null ? Double.NaN : v.accuracy();
            if (plateau != null) {
                EpochSummary pre = new EpochSummary((int) e, s.position.globalStep(), trainLoss, trainAccuracy, vLoss,
                        vAccuracy, Double.NaN, 0, s.epochSkipped);
                double metric = config.monitor().of(pre);
                if (Double.isNaN(metric)) {
                    metric = config.monitor().higherIsBetter() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                }
                ((ReduceOnPlateau) plateau.optimizer()).observe((ReduceOnPlateau.State) plateau.state(), metric);
            }
            EpochSummary summary = new EpochSummary((int) e, s.position.globalStep(), trainLoss, trainAccuracy, vLoss,
                    vAccuracy, LearningRates.next(opt, state), elapsed(), s.epochSkipped);
            s.epochs.add(summary);
            if (tracker != null && tracker.observe(summary) && config.restoreBest()) {
                if (s.best == null) {
                    s.best = model.clone();
                } else {
                    System.arraycopy(model, 0, s.best, 0, model.length);
                }
            }
            s.position = s.position.nextEpoch();
            s.resetEpochSums();
            for (TrainingListener l : listeners) {
                l.onEpoch(summary);
            }
            if (tracker != null && tracker.shouldStop()) {
                s.stop = earlyStop();
            }
            if (config.checkpointEveryEpoch() && checkpoints != null && s.stop == null
                    && s.position.epoch() < config.epochs()) {
                save(); // at the run's end, run() saves the final checkpoint, with the stop reason
            }
        }

        private StopReason earlyStop() {
            Metric m = tracker.metric();
            return new StopReason.Budget("early-stopping", String.format(Locale.ROOT,
                    "%s did not improve by more than %s for %d epoch%s (best %.6g at epoch %d)", m.key(),
                    Double.toString(tracker.minDelta()), tracker.patience(), tracker.patience() == 1 ? "" : "s",
                    tracker.best(), tracker.bestEpoch() + 1));
        }

        private void save() {
            String bad = firstNonFinite(s.theta, s.best, state);
            if (bad != null) {
                // the step checks keep θ and the state finite; this guards what they cannot see
                throw new IllegalStateException("refusing to write the checkpoint at step " + s.position.globalStep()
                        + ": " + bad + " is not finite");
            }
            double[] model = opt.modelPoint(s.theta, state);
            Checkpoint c = s.toCheckpoint(meta, elapsed(), model == s.theta ? null : model);
            Path where;
            try {
                where = checkpoints.save(c);
            } catch (IOException | UncheckedIOException e) {
                // the run's state is sound (saves come between steps): end it there and report what it reached
                Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
                String reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? ""
                        : ": " + cause.getMessage());
                s.stop = new StopReason.Failed("checkpoint", "could not write the checkpoint at step "
                        + s.position.globalStep() + " (" + s.position.epoch() + " epoch" + (s.position.epoch() == 1
                                ? "" : "s") + " done" + (s.stop == null ? "" : ", " + s.stop.detail()) + "): "
                        + reason);
                return;
            }
            for (TrainingListener l : listeners) {
                l.onCheckpoint(s.position, where);
            }
        }

        private TrainResult finish() {
            int bestEpoch = tracker == null ? -1 : tracker.bestEpoch();
            boolean restored = config.restoreBest() && bestEpoch >= 0 && s.best != null;
            double[] result = restored ? s.best.clone() : opt.modelPoint(s.theta, state).clone();
            Evaluation train = pass.evaluateTraining(result);
            Evaluation validation = data.validation == null ? null : objective.evaluate(result, data.validation);
            Evaluation test = data.test == null ? null : objective.evaluate(result, data.test);
            TrainResult r = new TrainResult(result, s.history(), s.stop, train, validation, test, bestEpoch, restored,
                    s.position, s.skippedTotal, elapsed(), resumedFrom);
            for (TrainingListener l : listeners) {
                l.onEnd(r);
            }
            return r;
        }
    }
}
