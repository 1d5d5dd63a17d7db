package dev.descent.cli;

import static dev.descent.cli.JsonResult.number;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.io.CheckpointDirectory;
import dev.descent.io.SafetensorsCheckpoints;
import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.nn.Activation;
import dev.descent.nn.Evaluation;
import dev.descent.nn.Model;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Precision;
import dev.descent.nn.Regularizer;
import dev.descent.optim.Optimizer;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.spec.SpecException;
import dev.descent.optim.spec.SpecVariables;
import dev.descent.optim.schedule.Schedule;
import dev.descent.train.LearningRateFinder;
import dev.descent.optim.stop.StopReason;
import dev.descent.optim.transform.NonFinitePolicy;
import dev.descent.train.Checkpoint;
import dev.descent.train.CheckpointException;
import dev.descent.train.EpochSummary;
import dev.descent.train.Metric;
import dev.descent.train.NonFiniteTrainingException;
import dev.descent.train.TrainConfig;
import dev.descent.train.TrainResult;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingMemory;
import dev.descent.util.Sizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code descent train}: minibatch training of a model on a CSV file or an IDX (MNIST) directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Trains a model with any optimizer spec (see 'descent optimizers') on a CSV file (a header row,"
                    + " scikit-learn's n_samples,n_features,class names… first row, recognized by itself, or no"
                    + " header with --no-header; see --format) or an IDX directory (MNIST layout: train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-…; pixels"
                    + " scaled to [0, 1]), printing progress on stderr and, at the end, the loss and accuracy on the"
                    + " training, validation and test sets.",
            "With --checkpoint-dir the run writes checkpoints (ckpt-<step>.safetensors and a 'latest' pointer, the"
                    + " newest --keep kept) every --checkpoint-every steps and at every epoch's end; after a crash,"
                    + " the same command with --resume continues from the newest one and ends with the same"
                    + " parameters, bit for bit, as a run that was never interrupted."},
        footerHeading = "%n",
        footer = {
            "Seeds: θ₀ = model.init(seed); minibatch order of epoch e = MiniBatches.order(n, seed, e); dropout masks"
                    + " of batch b = Seeds.derive(seed, e, b); the validation split uses Seeds.derive(seed,"
                    + " Trainer.SPLIT_STREAM) (stratified for classes). The same command gives the same run.",
            "",
            "--json prints one JSON object on stdout: command (train), version, status (trained, or failed: exit 1),"
                    + " problems (the failure, if any), data, model (spec, parameters, layout), optimizer, config,"
                    + " stop {kind, criterion, detail}, steps, epochs_completed, skipped_batches, best_epoch (1-based),"
                    + " restored_best, train/validation/test {n, loss, accuracy | rmse}, history (one object per"
                    + " epoch: epoch (1-based), step, loss, accuracy, val_loss, val_accuracy, lr, elapsed_seconds),"
                    + " elapsed_seconds, seconds_per_epoch, resumed_from, checkpoint_dir, params_sha256, matmul_kernel,"
                    + " threads, precision and engine {kind: local | spark, master, partitions, spark_version, rounds,"
                    + " tasks, failed_tasks}. Numbers"
                    + " that do not exist are null.",
            "params_sha256 is the SHA-256 of the final θ as IEEE-754 binary64 values, 8 little-endian bytes each, in"
                    + " parameter order (numpy: hashlib.sha256(np.asarray(theta, '<f8').tobytes()).hexdigest())."
                    + " It is reproducible for a given matmul_kernel (also reported): the native and the pure-Java"
                    + " matrix products round differently.",
            "",
            "Exit codes: 0 trained; 1 the run failed (a non-finite loss, gradient, parameter or optimizer state"
                    + " entry; a checkpoint that could not be written, after the results reached so far); 2 bad usage"
                    + " or input (unknown option or model, missing or malformed file with its line and column, a"
                    + " model or optimizer state too large for the JVM's memory, a --checkpoint-dir that cannot be"
                    + " written, a checkpoint that is damaged or belongs to another run)."})
public final class TrainCommand implements Callable<Integer> {

    /** The metadata key of the command's own settings in checkpoints. */
    static final String CLI_KEY = "cli";

    /** The Spark engine's part of the JSON, taken before Spark stops (null for the local engine). */
    private ObjectNode engineJson;

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "logistic | softmax | linear | mlp:<hidden widths>, e.g. mlp:128 or mlp:128,64")
    String model;

    @Option(names = "--optimizer", defaultValue = "adam(lr=1e-3)", paramLabel = "SPEC",
            description = "an optimizer spec; total_steps and steps_per_epoch stand for this run's numbers, e.g."
                    + " \"prodigy @ cosine(t_max=total_steps)\" (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Mixin
    MinibatchOptions run;

    @Option(names = "--lr", paramLabel = "RATE|auto",
            description = "replace the spec's learning rate: a positive number, or auto: run the learning-rate range"
                    + " test (descent lr-find's defaults) on the training split first and train with its suggestion"
                    + " (the minimum/10 rule)")
    String lr;

    @Option(names = "--threads", paramLabel = "T",
            description = "threads for the minibatch's shards and the optimizer's loops over long vectors (default:"
                    + " all cores); results are the same bits for any T")
    Integer threads;

    @Option(names = "--precision", defaultValue = "f64", paramLabel = "f64|f32",
            description = "the arithmetic of the forward and backward passes: f64, or f32 (float matrix products,"
                    + " activations and adjoints, sgemm; parameters and optimizer state stay double) (default:"
                    + " ${DEFAULT-VALUE}); checkpoints record it and resume only with the same")
    String precision;

    @Option(names = "--engine", defaultValue = "local", paramLabel = "local|spark",
            description = "where the minibatch gradients are computed: local (this JVM, on --threads) or spark (the"
                    + " training set in cached partitions of a Spark cluster, the partitions' gradient sums combined"
                    + " with treeAggregate; the optimizer, validation and checkpoints stay here). Default: local")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "with --engine spark: the Spark master (local[2], spark://host:7077, …; default: spark.master"
                    + " as spark-submit sets it, else local[*])")
    String master;

    @Option(names = "--local-steps", paramLabel = "K",
            description = "with --engine spark: local SGD (model averaging): each partition takes K steps of"
                    + " --optimizer on batches of --batch-size of its rows, then the outer optimizer steps on the"
                    + " average displacement (a round's batch: --batch-size × K × partitions rows). Default: none"
                    + " (synchronous: one gradient per step)")
    Integer localSteps;

    @Option(names = "--outer-optimizer", defaultValue = "sgd(lr=1)", paramLabel = "SPEC",
            description = "with --local-steps: the optimizer of the averaged displacement; sgd(lr=1) is plain model"
                    + " averaging, sgd(lr=0.7, momentum=0.9, nesterov=true) DiLoCo's outer step. Default: ${DEFAULT-VALUE}")
    String outerOptimizer;

    @Option(names = "--partitions", paramLabel = "P",
            description = "with --engine spark: partitions of the training set (default: Spark's default parallelism)")
    Integer partitions;

    @Option(names = "--activation", defaultValue = "relu", paramLabel = "NAME",
            description = "the MLP's hidden activation: relu, tanh, sigmoid or identity (default: ${DEFAULT-VALUE})")
    Activation activation;

    @Option(names = "--dropout", defaultValue = "0", paramLabel = "RATE",
            description = "dropout after every hidden MLP layer, in [0, 1) (default: ${DEFAULT-VALUE})")
    double dropout;

    @Option(names = "--l2", defaultValue = "0", paramLabel = "LAMBDA",
            description = "L2 penalty (λ/2)·Σ‖W‖² on the weight matrices (default: ${DEFAULT-VALUE})")
    double l2;

    @Option(names = "--monitor", paramLabel = "METRIC",
            description = "loss, accuracy, val_loss or val_accuracy, for --patience and --restore-best (default: val_loss"
                    + " with --validation, else loss)")
    String monitor;

    @Option(names = "--patience", defaultValue = "0", paramLabel = "EPOCHS",
            description = "stop after this many epochs without improvement of the monitored metric; 0 for never"
                    + " (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--min-delta", defaultValue = "0", paramLabel = "DELTA",
            description = "the change that counts as an improvement (default: ${DEFAULT-VALUE})")
    double minDelta;

    @Option(names = "--restore-best", description = "end with the parameters of the best epoch by the monitored metric")
    boolean restoreBest;

    @Option(names = "--on-non-finite", defaultValue = "refuse", paramLabel = "POLICY",
            description = "a NaN or infinite loss or gradient, or an update that makes a parameter or an optimizer"
                    + " state entry non-finite (undone): refuse (exit 1, naming the step and block or state entry),"
                    + " skip (the batch, counted) or stop (with the last good parameters) (default: ${DEFAULT-VALUE})")
    NonFinitePolicy onNonFinite;

    @Option(names = "--max-steps", defaultValue = "0", paramLabel = "STEPS",
            description = "stop after this many minibatch steps in all, mid-epoch if need be, or after --epochs,"
                    + " whichever comes first; 0 for no step budget (default: ${DEFAULT-VALUE})")
    long maxSteps;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "write checkpoints here (created if needed)")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "STEPS",
            description = "also checkpoint every this many minibatches; 0 for epoch ends only (default: ${DEFAULT-VALUE})")
    long checkpointEvery;

    @Option(names = "--keep", defaultValue = "3", paramLabel = "N",
            description = "how many checkpoints to keep (default: ${DEFAULT-VALUE})")
    int keep;

    @Option(names = "--resume", description = "continue from the newest checkpoint in --checkpoint-dir (or start, if"
            + " there is none yet)")
    boolean resume;

    @Option(names = "--fall-back", description = "with --resume, skip damaged checkpoints and use the newest sound one")
    boolean fallBack;

    @Option(names = "--json", description = "print a JSON summary on stdout (see below)")
    boolean json;

    @Option(names = "--progress", negatable = true,
            description = "draw a progress bar on stderr (default: only when stderr is a terminal; otherwise one line"
                    + " per epoch)")
    Boolean progress;

    @Override
    public Integer call() {
        return CommandFailure.report(spec, this::run);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private int run() throws CommandFailure {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelSpec modelSpec;
        try {
            modelSpec = ModelSpec.parse(model);
        } catch (IllegalArgumentException e) {
            throw usage("--model: " + e.getMessage());
        }
        Optimizer<?> opt;
        try {
            // the run's length is known once the data is read: check the spec with a stand-in first
            opt = OptimizerSpec.build(SpecVariables.substitute(optimizer, Map.of(SpecVariables.TOTAL_STEPS, 1000L,
                    SpecVariables.STEPS_PER_EPOCH, 100L)));
        } catch (SpecException e) {
            throw usage("--optimizer: " + e.getMessage());
        }
        checkRanges();
        if (threads != null) {
            if (threads < 1 || threads > dev.descent.parallel.Parallel.MAX_THREADS) {
                throw usage("--threads = " + threads + " is outside [1, " + dev.descent.parallel.Parallel.MAX_THREADS + "]");
            }
            dev.descent.parallel.Parallel.setThreads(threads);
        }
        Precision computePrecision;
        try {
            computePrecision = Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw usage("--precision: " + e.getMessage());
        }
        boolean spark = switch (engine.strip().toLowerCase(Locale.ROOT)) {
            case "local" -> false;
            case "spark" -> true;
            default -> throw usage("--engine = '" + engine + "': choose local or spark");
        };
        if (!spark && (master != null || partitions != null)) {
            throw usage((master != null ? "--master" : "--partitions") + " needs --engine spark");
        }
        if (localSteps != null && !spark) {
            throw usage("--local-steps needs --engine spark");
        }
        if (localSteps != null && localSteps < 1) {
            throw usage("--local-steps = " + localSteps + " must be >= 1");
        }
        if (partitions != null && partitions < 1) {
            throw usage("--partitions = " + partitions + " must be >= 1");
        }
        data.check(spec);
        Metric metric;
        try {
            metric = monitor == null ? (data.validation() > 0 ? Metric.VALIDATION_LOSS : Metric.TRAIN_LOSS) : Metric.parse(monitor);
        } catch (IllegalArgumentException e) {
            throw usage("--monitor: " + e.getMessage());
        }
        if (metric.needsValidation() && data.validation() == 0 && (patience > 0 || restoreBest)) {
            throw usage("--monitor " + metric.key() + " needs --validation");
        }
        if (metric.isAccuracy() && !modelSpec.isClassifier()) {
            throw usage("--monitor " + metric.key() + ": --model linear has no accuracy");
        }
        if (checkpointDir == null && (resume || checkpointEvery > 0 || fallBack)) {
            throw usage((resume ? "--resume" : checkpointEvery > 0 ? "--checkpoint-every" : "--fall-back")
                    + " needs --checkpoint-dir");
        }
        if (fallBack && !resume) {
            throw usage("--fall-back only applies with --resume");
        }

        PreparedData d = data.prepare(spec, modelSpec, run.seed);
        opt = resolveRunLength(d, err);
        int classes = d.train().classes();
        Model m;
        try {
            m = modelSpec.build(d.train().featureCount(), classes, activation, dropout);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(2, modelSpec.kind() == ModelSpec.Kind.MLP ? "--model " + modelSpec + ": "
                    + e.getMessage() : e.getMessage());
        }
        checkMemory(modelSpec, m, opt, Runtime.getRuntime().maxMemory());
        ModelObjective objective = ModelObjective.of(m, modelSpec.loss())
                .withRegularizer(l2 > 0 ? Regularizer.l2(l2) : Regularizer.NONE);
        if (lr != null) {
            opt = learningRate(opt, objective, m, d, err);
        }
        SparkEngineRun cluster = spark ? SparkEngineRun.start(master, partitions, err) : null;
        try {
            int trainerBatch = run.batchSize;
            if (localSteps != null) {
                // local SGD: --optimizer steps inside each partition, the outer optimizer on the average
                long b = (long) run.batchSize * localSteps * Math.min(cluster.partitions(), d.train().size());
                if (b > Integer.MAX_VALUE) {
                    throw usage("--batch-size " + run.batchSize + " × --local-steps " + localSteps + " × partitions"
                            + " is more than " + Integer.MAX_VALUE + " rows per round");
                }
                trainerBatch = (int) b;
                try {
                    cluster.useLocalSteps(localSteps, optimizer);
                    opt = OptimizerSpec.build(outerOptimizer);
                } catch (SpecException e) {
                    throw usage("--outer-optimizer: " + e.getMessage());
                }
            }
            TrainConfig config = TrainConfig.of(run.epochs, trainerBatch, run.seed).withEarlyStopping(metric, patience, minDelta)
                    .withRestoreBest(restoreBest).withCheckpointEverySteps(checkpointEvery)
                    .withCheckpointEveryEpoch(checkpointDir != null).withNonFinite(onNonFinite).withMaxSteps(maxSteps)
                    .withPrecision(computePrecision);
            Map<String, String> cli = cliConfig(modelSpec);
            Trainer trainer;
            try {
                trainer = Trainer.of(objective, opt, config).withMetadata(Map.of(CLI_KEY, TrainConfig.formatText(cli)));
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(2, e.getMessage());
            }

            Checkpoint from = null;
            Path fromFile = null;
            if (checkpointDir != null) {
                Optional<CheckpointDirectory.Loaded> loaded = inspect(trainer);
                if (loaded.isPresent()) {
                    from = loaded.get().checkpoint();
                    fromFile = loaded.get().file();
                    for (String skipped : loaded.get().skipped()) {
                        err.println("descent train: skipped a damaged checkpoint: " + skipped);
                    }
                    checkSameRun(from, fromFile, cli);
                } else if (resume) {
                    err.println("descent train: no checkpoint in " + checkpointDir + " yet; starting from the beginning");
                }
                CheckpointDirectory dir;
                try {
                    dir = CheckpointDirectory.open(checkpointDir, keep);
                } catch (IOException e) {
                    throw new CommandFailure(2, "--checkpoint-dir " + checkpointDir + ": " + CommandFailure.describe(e));
                }
                probeWritable();
                trainer = trainer.withCheckpoints(dir::save);
            }
            boolean bar = progress != null ? progress : Terminal.isStderrTerminal();
            trainer = trainer.withListener(new TrainingProgress(err, bar));

            TrainResult r;
            try {
                if (cluster != null) {
                    trainer = trainer.withEngine(cluster.engine()).withListener(cluster.progress());
                }
                r = from == null ? trainer.fit(m.init(run.seed), d.train(), d.validation(), d.test())
                        : trainer.resume(from, d.train(), d.validation(), d.test());
                engineJson = cluster == null ? null : cluster.json();
            if (engineJson != null && localSteps != null) {
                engineJson.put("inner_optimizer", optimizer);
                engineJson.put("outer_optimizer", outerOptimizer);
            }
            } catch (OutOfMemoryError e) {
                throw new CommandFailure(1, "out of memory while training --model " + modelSpec + " ("
                        + m.layout().size() + " parameters) with --optimizer " + optimizer + ": " + e.getMessage()
                        + " (this JVM may use " + Sizes.bytes(Runtime.getRuntime().maxMemory()) + "; -Xmx)");
            } catch (NonFiniteTrainingException e) {
                throw new CommandFailure(1, e.getMessage());
            } catch (UncheckedIOException | IllegalStateException e) {
                throw new CommandFailure(1, e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(2, e.getMessage());
            }
            if (json) {
                out.println(json(r, d, modelSpec, m, opt, config, fromFile));
            } else {
                printSummary(out, r, d, modelSpec, m, opt);
            }
            out.flush();
            if (r.stopReason() instanceof StopReason.Failed f) {
                err.println("descent train: " + f.detail());
                err.flush();
                return 1;
            }
            return 0;
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /**
     * Refuses, before θ is allocated, a model whose training cannot fit in this JVM's memory: θ, the
     * gradient and the trainer's undo copy of θ, plus the optimizer's state and its undo copy. A lower
     * bound (the tape needs more per batch), so a refused run could never have finished.
     */
    void checkMemory(ModelSpec modelSpec, Model m, Optimizer<?> opt, long maxBytes) throws CommandFailure {
        ParamLayout layout = m.layout();
        int n = layout.size();
        long state;
        try {
            state = TrainingMemory.stateDoubles(opt, layout);
        } catch (IllegalArgumentException e) {
            // e.g. an L-BFGS history too large even for tiny blocks: let init name the real n (it
            // checks before allocating)
            try {
                opt.init(layout);
                return;
            } catch (IllegalArgumentException real) {
                throw new CommandFailure(2, "--optimizer " + optimizer + ": " + real.getMessage());
            }
        }
        long doubles = TrainingMemory.doubles(opt, layout);
        long bytes = 8 * doubles;
        if (bytes > maxBytes) {
            throw new CommandFailure(2, String.format(Locale.ROOT, "--model %s with --optimizer %s: %d parameters"
                    + " need at least %s to train (%d doubles: θ, the gradient and an undo copy of θ, 3 × %d; the"
                    + " optimizer state and its undo copy, 2 × %d), more than the %s this JVM may use (-Xmx)",
                    modelSpec, optimizer, n, Sizes.bytes(bytes), doubles, n, state, Sizes.bytes(maxBytes)));
        }
    }

    /**
     * The optimizer built from --optimizer with {@code total_steps} and {@code steps_per_epoch}
     * replaced by this run's numbers; --optimizer then holds the spec as resolved (printed, in the
     * JSON and in checkpoints), and a line on stderr says so.
     */
    private Optimizer<?> resolveRunLength(PreparedData d, PrintWriter err) throws CommandFailure {
        long perEpoch = dev.descent.data.MiniBatches.of(run.batchSize).count(d.train().size());
        long total = (long) run.epochs * perEpoch;
        if (maxSteps > 0) {
            total = Math.min(total, maxSteps);
        }
        String resolved = SpecVariables.substitute(optimizer, Map.of(SpecVariables.TOTAL_STEPS, total,
                SpecVariables.STEPS_PER_EPOCH, perEpoch));
        if (!resolved.equals(optimizer)) {
            err.println("descent train: --optimizer " + resolved + " (total_steps = " + total + ", steps_per_epoch = "
                    + perEpoch + ")");
            err.flush();
            optimizer = resolved;
        }
        try {
            return OptimizerSpec.build(optimizer);
        } catch (SpecException e) {
            throw usage("--optimizer: " + e.getMessage());
        }
    }

    /** The optimizer with --lr applied: a given rate, or the range test's suggestion (auto). */
    private Optimizer<?> learningRate(Optimizer<?> opt, ModelObjective objective, Model m, PreparedData d,
            PrintWriter err) throws CommandFailure {
        double rate;
        if (lr.strip().equalsIgnoreCase("auto")) {
            LearningRateFinder.Result r = LearningRateFinder.defaults().run(objective, opt, m.init(run.seed), d.train(),
                    run.batchSize, run.seed);
            if (r.suggestions().isEmpty()) {
                throw new CommandFailure(1, "--lr auto: no rate worked in the range test (" + r.stopReason()
                        + "); run descent lr-find to see the curve");
            }
            rate = r.suggestion();
            err.println(String.format(Locale.ROOT, "descent train: lr-find suggested lr = %.3e (%s, %d steps from"
                    + " 1e-7 to 10: %s); training with it", rate, LearningRateFinder.DEFAULT_RULE.key(),
                    r.curve().size(), r.stopReason()));
            if (r.stillFalling()) {
                err.println("descent train: warning: " + LrFindCommand.stillFalling(r, 10));
            }
            err.flush();
        } else {
            try {
                rate = Double.parseDouble(lr.strip());
            } catch (NumberFormatException e) {
                throw usage("--lr: '" + lr + "' is neither a number nor auto");
            }
            if (!(rate > 0) || !Double.isFinite(rate)) {
                throw usage("--lr = " + lr + " must be a positive finite learning rate (or auto)");
            }
        }
        try {
            return LearningRateFinder.withLearningRate(opt, Schedule.constant(rate));
        } catch (IllegalArgumentException e) {
            throw usage("--lr with --optimizer " + optimizer + ": " + e.getMessage());
        }
    }

    private void checkRanges() {
        run.check(spec);
        if (!(dropout >= 0 && dropout < 1)) {
            throw usage("--dropout = " + dropout + " is outside [0, 1)");
        }
        if (!(l2 >= 0) || !Double.isFinite(l2)) {
            throw usage("--l2 = " + l2 + " must be finite and >= 0");
        }
        if (patience < 0) {
            throw usage("--patience = " + patience + " must be >= 0");
        }
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw usage("--min-delta = " + minDelta + " must be finite and >= 0");
        }
        if (checkpointEvery < 0) {
            throw usage("--checkpoint-every = " + checkpointEvery + " must be >= 0");
        }
        if (maxSteps < 0) {
            throw usage("--max-steps = " + maxSteps + " must be >= 0 (0 for no step budget)");
        }
        if (keep < 1) {
            throw usage("--keep = " + keep + " must be >= 1");
        }
    }

    // ---------------------------------------------------------------- checkpoints

    /** The newest checkpoint to resume from, or empty; refuses a directory that holds a run unless --resume. */
    private Optional<CheckpointDirectory.Loaded> inspect(Trainer trainer) throws CommandFailure {
        if (!Files.exists(checkpointDir)) {
            return Optional.empty();
        }
        if (!Files.isDirectory(checkpointDir)) {
            throw new CommandFailure(2, "--checkpoint-dir " + checkpointDir + " is not a directory");
        }
        CheckpointDirectory dir = new CheckpointDirectory(checkpointDir, new SafetensorsCheckpoints(), keep);
        try {
            Optional<Path> newest = dir.latestFile();
            if (!resume) {
                if (newest.isPresent()) {
                    throw new CommandFailure(2, "--checkpoint-dir " + checkpointDir + " already holds the checkpoints of a"
                            + " run (newest " + newest.get().getFileName() + "); add --resume to continue it, or"
                            + " choose another directory");
                }
                return Optional.empty();
            }
            return dir.latest(null, null, fallBack ? CheckpointDirectory.OnCorrupt.FALL_BACK
                    : CheckpointDirectory.OnCorrupt.REFUSE, "add --fall-back");
        } catch (CheckpointException e) {
            throw new CommandFailure(2, e.getMessage());
        } catch (IOException e) {
            throw new CommandFailure(2, "--checkpoint-dir " + checkpointDir + ": " + CommandFailure.describe(e));
        }
    }

    /** Finds an unwritable --checkpoint-dir before training: creates and removes a probe file. */
    private void probeWritable() throws CommandFailure {
        try {
            Path probe = Files.createTempFile(checkpointDir, ".descent-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new CommandFailure(2, "--checkpoint-dir " + checkpointDir + " is not writable: "
                    + CommandFailure.describe(e));
        }
    }

    /** Refuses a checkpoint written by a run with other data or settings, naming the first option that differs. */
    private void checkSameRun(Checkpoint c, Path file, Map<String, String> cli) throws CommandFailure {
        String text = c.metadata().get(CLI_KEY);
        if (text == null) {
            throw new CommandFailure(2, "cannot resume from " + file + ": it was not written by 'descent train'");
        }
        Map<String, String> stored = TrainConfig.parseText(text);
        for (Map.Entry<String, String> e : cli.entrySet()) {
            String was = stored.get(e.getKey());
            if (!e.getValue().equals(was)) {
                throw new CommandFailure(2, "cannot resume from " + file + ": it was written by a run with " + e.getKey() + " "
                        + (was == null ? "(unset)" : was) + ", this run has " + e.getKey() + " " + e.getValue());
            }
        }
    }

    /**
     * The options that shape the trajectory, the data options ({@link DataOptions#settings()}) first; the
     * optimizer is compared by the trainer, as a record.
     */
    private Map<String, String> cliConfig(ModelSpec modelSpec) {
        Map<String, String> m = new LinkedHashMap<>(data.settings());
        m.put("--model", modelSpec.toString());
        m.put("--activation", activationName());
        m.put("--dropout", Double.toString(dropout));
        m.put("--l2", Double.toString(l2));
        m.put("--batch-size", Integer.toString(run.batchSize));
        m.put("--seed", Long.toString(run.seed));
        m.put("--monitor", monitor == null ? "(default)" : monitor);
        m.put("--patience", Integer.toString(patience));
        m.put("--min-delta", Double.toString(minDelta));
        m.put("--restore-best", Boolean.toString(restoreBest));
        if (localSteps != null) {
            m.put("--local-steps", Integer.toString(localSteps));
            m.put("--optimizer", optimizer); // the inner one: the trainer records the outer
            m.put("--outer-optimizer", outerOptimizer);
        }
        return m;
    }

    // ---------------------------------------------------------------- output

    /** The activation as the option spells it, e.g. {@code relu}. */
    private String activationName() {
        return activation.name().toLowerCase(Locale.ROOT);
    }

    private static String evaluation(Evaluation e) {
        return e == null ? "-" : e.toString();
    }

    private static double secondsPerEpoch(TrainResult r) {
        List<EpochSummary> h = r.history().epochs();
        if (h.isEmpty()) {
            return Double.NaN;
        }
        return h.get(h.size() - 1).elapsedNanos() / 1e9 / h.size();
    }

    private void printSummary(PrintWriter out, TrainResult r, PreparedData d, ModelSpec modelSpec, Model m,
            Optimizer<?> opt) {
        out.printf(Locale.ROOT, "data:        %s (%s): %d train, %d validation, %s test; %d features%s%n", data.path(),
                d.csvFormat() == null ? d.format() : d.format() + ", " + d.csvFormatName(), d.train().size(), d.validation() == null ? 0 : d.validation().size(),
                d.test() == null ? "no" : Integer.toString(d.test().size()), d.train().featureCount(),
                d.train().isClassification() ? ", " + d.train().classes() + " classes" : "");
        out.printf(Locale.ROOT, "model:       %s%s, %d parameters %s%n", modelSpec,
                modelSpec.kind() == ModelSpec.Kind.MLP ? " (" + activationName() + ")" : "",
                m.layout().size(), layoutText(m));
        out.printf(Locale.ROOT, "optimizer:   %s%n", optimizer);
        out.printf(Locale.ROOT, "stopped:     %s (%s) after %d steps, %d epochs%s%n", r.stopReason().criterion(),
                r.stopReason().detail(), r.steps(), r.history().size(),
                r.skippedBatches() > 0 ? ", " + r.skippedBatches() + " batches skipped" : "");
        if (r.bestEpoch() >= 0) {
            out.printf(Locale.ROOT, "best epoch:  %d%s%n", r.bestEpoch() + 1, r.restoredBest() ? " (restored)" : "");
        }
        out.printf(Locale.ROOT, "train:       %s%n", evaluation(r.train()));
        out.printf(Locale.ROOT, "validation:  %s%n", evaluation(r.validation()));
        out.printf(Locale.ROOT, "test:        %s%n", evaluation(r.test()));
        out.printf(Locale.ROOT, "time:        %.1f s (%.2f s per epoch)%n", r.elapsedNanos() / 1e9,
                secondsPerEpoch(r));
        out.printf(Locale.ROOT, "sha256(θ):   %s%n", r.paramsSha256());
    }

    private static String layoutText(Model m) {
        List<String> parts = new ArrayList<>();
        for (Block b : m.layout().blocks()) {
            parts.add(b.name() + Arrays.toString(b.shape()));
        }
        return String.join(" ", parts);
    }

    /**
     * The result in the {@link JsonResult} style: {@code status} {@code trained}, or {@code failed}
     * with the stop reason's detail in {@code problems} (exit 1).
     */
    private String json(TrainResult r, PreparedData d, ModelSpec modelSpec, Model m, Optimizer<?> opt, TrainConfig config,
            Path fromFile) {
        StopReason s = r.stopReason();
        JsonResult result = s instanceof StopReason.Failed f ? new JsonResult("train", "failed", List.of(f.detail()))
                : new JsonResult("train", "trained", List.of());
        ObjectNode root = result.root();
        ObjectNode dataNode = root.putObject("data");
        dataNode.put("source", data.path().toString());
        dataNode.put("format", d.format());
        dataNode.put("csv_format", d.csvFormatName());
        dataNode.put("train", d.train().size());
        dataNode.put("validation", d.validation() == null ? 0 : d.validation().size());
        dataNode.put("test", d.test() == null ? 0 : d.test().size());
        dataNode.put("features", d.train().featureCount());
        if (d.train().isClassification()) {
            dataNode.put("classes", d.train().classes());
        } else {
            dataNode.putNull("classes");
        }
        if (!d.classes().isEmpty()) {
            ArrayNode names = dataNode.putArray("class_names");
            d.classes().forEach(names::add);
        }
        ObjectNode modelNode = root.putObject("model");
        modelNode.put("spec", modelSpec.toString());
        modelNode.put("activation", modelSpec.kind() == ModelSpec.Kind.MLP ? activationName() : null);
        modelNode.put("dropout", dropout);
        modelNode.put("l2", l2);
        modelNode.put("parameters", m.layout().size());
        ArrayNode layout = modelNode.putArray("layout");
        for (Block b : m.layout().blocks()) {
            ObjectNode bn = layout.addObject();
            bn.put("name", b.name());
            ArrayNode shape = bn.putArray("shape");
            for (int dim : b.shape()) {
                shape.add(dim);
            }
        }
        root.put("optimizer", optimizer);
        root.put("optimizer_record", opt.toString());
        ObjectNode conf = root.putObject("config");
        conf.put("epochs", config.epochs());
        conf.put("batch_size", config.batchSize());
        conf.put("seed", config.seed());
        conf.put("validation_fraction", data.validation());
        conf.put("standardize", data.standardize());
        conf.put("monitor", config.monitor().key());
        conf.put("patience", config.patience());
        conf.put("min_delta", config.minDelta());
        conf.put("restore_best", config.restoreBest());
        conf.put("non_finite", config.toMap().get("non_finite"));
        conf.put("checkpoint_every", checkpointEvery);
        conf.put("max_steps", maxSteps);
        root.set("stop", JsonResult.stop(s));
        root.put("steps", r.steps());
        root.put("epochs_completed", r.history().size());
        root.put("skipped_batches", r.skippedBatches());
        if (r.bestEpoch() >= 0) {
            root.put("best_epoch", r.bestEpoch() + 1);
        } else {
            root.putNull("best_epoch");
        }
        root.put("restored_best", r.restoredBest());
        root.set("train", evaluationJson(r.train()));
        root.set("validation", evaluationJson(r.validation()));
        root.set("test", evaluationJson(r.test()));
        ArrayNode history = root.putArray("history");
        for (EpochSummary e : r.history().epochs()) {
            ObjectNode h = history.addObject();
            h.put("epoch", e.epoch() + 1);
            h.put("step", e.globalStep());
            number(h, "loss", e.trainLoss());
            number(h, "accuracy", e.trainAccuracy());
            number(h, "val_loss", e.validationLoss());
            number(h, "val_accuracy", e.validationAccuracy());
            number(h, "lr", e.learningRate());
            number(h, "elapsed_seconds", e.elapsedSeconds());
            if (e.skippedBatches() > 0) {
                h.put("skipped", e.skippedBatches());
            }
        }
        number(root, "elapsed_seconds", r.elapsedNanos() / 1e9);
        number(root, "seconds_per_epoch", secondsPerEpoch(r));
        if (r.resumedFrom() != null) {
            ObjectNode from = root.putObject("resumed_from");
            from.put("file", fromFile == null ? null : fromFile.toString());
            from.put("epoch", r.resumedFrom().epoch() + 1);
            from.put("step_in_epoch", r.resumedFrom().stepInEpoch());
            from.put("global_step", r.resumedFrom().globalStep());
        } else {
            root.putNull("resumed_from");
        }
        root.put("checkpoint_dir", checkpointDir == null ? null : checkpointDir.toString());
        root.put("params_sha256", r.paramsSha256());
        // the hash is exact for one kernel: OpenBLAS and the Java kernel sum in different orders
        root.put("matmul_kernel", dev.descent.linalg.MatMulKernel.standard().name());
        root.put("threads", dev.descent.parallel.Parallel.threads());
        root.put("precision", config.precision().key());
        if (engineJson == null) {
            root.putObject("engine").put("kind", "local");
        } else {
            root.set("engine", engineJson);
        }
        return result.text();
    }

    private static ObjectNode evaluationJson(Evaluation e) {
        if (e == null) {
            return null;
        }
        ObjectNode o = JsonResult.object();
        o.put("n", e.count());
        number(o, "loss", e.loss());
        if (e.isClassification()) {
            number(o, "accuracy", e.accuracy());
        } else {
            number(o, "rmse", e.rmse());
        }
        if (e.penalty() != 0) {
            number(o, "penalty", e.penalty());
        }
        return o;
    }
}
