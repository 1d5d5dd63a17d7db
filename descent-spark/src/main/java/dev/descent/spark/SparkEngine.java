package dev.descent.spark;

import dev.descent.data.RowSource;
import dev.descent.nn.Evaluation;
import dev.descent.nn.Mode;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Precision;
import dev.descent.nn.TrainingPass;
import dev.descent.problem.Objective;
import dev.descent.train.GradientEngine;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A {@link GradientEngine} on Apache Spark: synchronous data-parallel minibatch gradients over a
 * training set kept in cached partitions, for {@code trainer.withEngine(SparkEngine.of(sc))}.
 *
 * <pre>
 *   open:   the training set → P contiguous blocks of rows (one per partition), each sent once as a
 *           broadcast, cached on the executors (MEMORY_ONLY) as the RDD of blocks
 *   batch:  rows B = order[from … to) (the trainer's seeded order: a pure function of seed and epoch)
 *           broadcast (θ, B, mode); the previous round's broadcast destroyed
 *           partition p:  its rows of B, at their batch positions → TrainingPass.runPart → (Σ∇, Σℓ, hits)
 *           treeAggregate with {@link OrderedSum}: the partitions' sums added in a fixed tree order
 *           driver:  ∇J = Σ∇ + ∇R(θ),  J = Σℓ/m + R(θ)   (TrainingPass.complete)
 * </pre>
 *
 * <h2>Contracts</h2>
 * <ul>
 *   <li><b>The local run's numbers.</b> Each partition runs the same fused pass as local training on its
 *       rows, with the dropout masks of their batch positions, so a Spark run and a local run over the
 *       same minibatches differ only in the order of the gradient sums (relative 1e-12 after 50 Adam
 *       steps, tested).</li>
 *   <li><b>Bit for bit on Spark.</b> The partitions' results are added in the tree order of
 *       {@link OrderedSum}, not in the order tasks finish: a run gives the same bits every time, with
 *       any tree depth, and when Spark retries a failed task (tested with {@code local[2,4]}).</li>
 *   <li><b>Minibatches</b> are the trainer's: the rows partition p contributes to batch b of epoch e
 *       are a pure function of (seed, e, b, p). θ goes out as a broadcast per round, never in a task
 *       closure; each round's broadcast is destroyed when the next begins, and the blocks' when the run
 *       ends.</li>
 *   <li>The optimizer, schedules, validation, early stopping, checkpoints (written by the driver, in
 *       the same format) and resume are the trainer's own: nothing of them runs here.</li>
 *   <li>A {@link dev.descent.data.Dataset} passes through the driver once, to be split into blocks; a
 *       {@link DistributedDataset} never does (its rows are read and cached by the executors);
 *       the model must be a {@link dev.descent.nn.Sequential} of Dense layers (the executors rebuild
 *       it from its parts).</li>
 * </ul>
 */
public final class SparkEngine implements GradientEngine {

    private final JavaSparkContext sc;
    private final int partitions;
    private final int treeDepth;
    private final TaskHook hook;
    private final AtomicLong rounds = new AtomicLong();

    private SparkEngine(JavaSparkContext sc, int partitions, int treeDepth, TaskHook hook) {
        this.sc = Objects.requireNonNull(sc, "sc");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions = " + partitions + " must be >= 1");
        }
        if (treeDepth < 1) {
            throw new IllegalArgumentException("treeDepth = " + treeDepth + " must be >= 1");
        }
        this.partitions = partitions;
        this.treeDepth = treeDepth;
        this.hook = hook;
    }

    /** An engine on {@code sc} with {@code sc.defaultParallelism()} partitions and tree depth 2. */
    public static SparkEngine of(JavaSparkContext sc) {
        return new SparkEngine(sc, sc.defaultParallelism(), 2, TaskHook.NONE);
    }

    /** The same with {@code p} partitions (at most one per training row is used). */
    public SparkEngine withPartitions(int p) {
        return new SparkEngine(sc, p, treeDepth, hook);
    }

    /** The same with {@code treeAggregate} of depth {@code d} (the result does not depend on it). */
    public SparkEngine withTreeDepth(int d) {
        return new SparkEngine(sc, partitions, d, hook);
    }

    /** The same running {@code h} before every task, on the executor (fault injection in tests). */
    SparkEngine withTaskHook(TaskHook h) {
        return new SparkEngine(sc, partitions, treeDepth, Objects.requireNonNull(h, "hook"));
    }

    public JavaSparkContext context() {
        return sc;
    }

    public int partitions() {
        return partitions;
    }

    /** Rounds (Spark jobs: one per batch or evaluation) run so far by this engine's sessions. */
    public long rounds() {
        return rounds.get();
    }

    @Override
    public String describe() {
        return "spark " + sc.master() + " (" + partitions + " partitions)";
    }

    @Override
    public SparkSession open(ModelObjective objective, Precision precision, RowSource train, int batchRows) {
        return new SparkSession(objective, precision, train, batchRows);
    }

    /**
     * One run's cached training set on the cluster; also the full-batch {@link #objective} over it (for
     * L-BFGS and other full-batch minimizers).
     */
    public final class SparkSession implements GradientEngine.Session {

        private final ModelObjective objective;
        private final ClusterData data;
        private final TrainingPass completion;
        private final Precision precision;
        private final int batchRows;

        private SparkSession(ModelObjective objective, Precision precision, RowSource train, int batchRows) {
            this.objective = objective;
            this.precision = Objects.requireNonNull(precision, "precision");
            if (batchRows < 1) {
                throw new IllegalArgumentException("batchRows = " + batchRows + " must be >= 1");
            }
            this.batchRows = batchRows;
            this.data = new ClusterData(sc, objective, train, partitions, treeDepth, hook);
            this.completion = TrainingPass.of(objective, precision, 1);
        }

        public int partitions() {
            return data.partitions();
        }

        @Override
        public ModelObjective.BatchResult run(double[] theta, int[] order, int from, int to, double[] grad,
                Mode mode) {
            int m = to - from;
            if (m < 1 || m > batchRows || from < 0 || to > order.length) {
                throw new IllegalArgumentException("batch [" + from + ", " + to + ") of an order of " + order.length
                        + " rows: need 1 to " + batchRows + " rows inside it");
            }
            int[] rows = new int[m];
            System.arraycopy(order, from, rows, 0, m);
            OrderedSum.Node total = gradient(new Round(rounds.incrementAndGet(), theta.clone(), rows, m, mode));
            if (total.rows != m) {
                throw new IllegalStateException("the partitions returned " + total.rows + " rows of a batch of " + m);
            }
            copyInto(total, grad);
            return completion.complete(theta, total.lossSum, (int) total.correct, m, grad);
        }

        @Override
        public Evaluation evaluateTraining(double[] theta) {
            return data.evaluate(objective, theta, rounds.incrementAndGet());
        }

        /**
         * J(θ) over the whole training set (every row, no dropout) and its gradient, computed on the
         * cluster: the full-batch objective {@link ModelObjective#fullBatch} computes locally, to
         * within the order of the sums. Valid while the session is open.
         */
        public Objective objective() {
            return new Objective() {
                @Override
                public int dimension() {
                    return objective.dimension();
                }

                @Override
                public double valueAndGradient(double[] x, double[] grad) {
                    OrderedSum.Node total = gradient(new Round(rounds.incrementAndGet(), x.clone(), null,
                            data.size(), Mode.EVAL));
                    copyInto(total, grad);
                    return completion.complete(x, total.lossSum, (int) total.correct, data.size(), grad).value();
                }
            };
        }

        private OrderedSum.Node gradient(Round round) {
            int parts = data.partitions();
            Precision pr = precision;
            int capacity = batchRows;
            return data.round(round.number, round, (p, block, r, recipe) -> partial(p, block, r, recipe, parts, pr,
                    capacity));
        }

        @Override
        public void close() {
            data.close();
        }
    }

    static void copyInto(OrderedSum.Node total, double[] grad) {
        if (total.grad == null) {
            java.util.Arrays.fill(grad, 0.0);
        } else {
            System.arraycopy(total.grad, 0, grad, 0, grad.length);
        }
    }

    /** On the executor: partition p's share of the round's batch (or of every row). */
    private static OrderedSum partial(int p, DataBlock block, Round round, ObjectiveRecipe recipe, int parts,
            Precision precision, int capacity) {
        ModelObjective objective = recipe.objective();
        int n = objective.dimension();
        if (round.rows == null) {
            // every row, in chunks; no dropout (EVAL)
            int chunk = Math.min(block.size, 1024);
            TrainingPass pass = TrainingPass.of(objective, precision, chunk);
            double[] sum = new double[n];
            double[] g = new double[n];
            int[] rows = new int[chunk];
            double loss = 0;
            long hits = 0;
            for (int a = 0; a < block.size; a += chunk) {
                int c = Math.min(chunk, block.size - a);
                for (int i = 0; i < c; i++) {
                    rows[i] = a + i;
                }
                TrainingPass.PartSums s = pass.runPart(round.theta, block.data(), rows, c, null, round.batchRows, g,
                        round.mode());
                for (int i = 0; i < n; i++) {
                    sum[i] += g[i];
                }
                loss += s.lossSum();
                hits += s.correct();
            }
            return OrderedSum.leaf(parts, p, sum, loss, hits, block.size);
        }
        int m = round.rows.length;
        int[] local = new int[m];
        int[] positions = new int[m];
        int count = block.select(round.rows, local, positions);
        if (count == 0) {
            return OrderedSum.leaf(parts, p, null, 0, 0, 0);
        }
        TrainingPass pass = Passes.get(recipe, precision, capacity);
        double[] g = new double[n]; // fresh: Spark holds a task's result until the driver has it
        TrainingPass.PartSums s = pass.runPart(round.theta, block.data(), local, count, positions, round.batchRows, g,
                round.mode());
        return OrderedSum.leaf(parts, p, g, s.lossSum(), s.correct(), count);
    }
}
