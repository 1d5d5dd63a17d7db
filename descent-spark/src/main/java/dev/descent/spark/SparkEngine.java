package dev.descent.spark;

import dev.descent.data.Dataset;
import dev.descent.nn.Evaluation;
import dev.descent.nn.Mode;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Precision;
import dev.descent.nn.TrainingPass;
import dev.descent.problem.Objective;
import dev.descent.train.GradientEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

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
 *   <li>The training set passes through the driver (it is the {@link Dataset} the trainer is given);
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
    public SparkSession open(ModelObjective objective, Precision precision, Dataset train, int batchRows) {
        return new SparkSession(objective, precision, train, batchRows);
    }

    /**
     * One run's cached training set on the cluster; also the full-batch {@link #objective} over it (for
     * L-BFGS and other full-batch minimizers).
     */
    public final class SparkSession implements GradientEngine.Session {

        private final ModelObjective objective;
        private final int parts;
        private final int size;
        private final List<Broadcast<DataBlock>> blockBroadcasts = new ArrayList<>();
        private final Broadcast<ObjectiveRecipe> recipe;
        private final JavaRDD<DataBlock> blocks;
        private final TrainingPass completion;
        private final Precision precision;
        private final int batchRows;
        private Broadcast<Round> previous;
        private boolean closed;

        private SparkSession(ModelObjective objective, Precision precision, Dataset train, int batchRows) {
            this.objective = objective;
            this.precision = Objects.requireNonNull(precision, "precision");
            this.recipe = sc.broadcast(ObjectiveRecipe.of(objective));
            if (batchRows < 1) {
                throw new IllegalArgumentException("batchRows = " + batchRows + " must be >= 1");
            }
            this.batchRows = batchRows;
            this.size = train.size();
            this.parts = Math.min(partitions, size);
            List<Integer> ids = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                // each block as its own broadcast: a task never carries the data (spark.rpc.message.maxSize)
                blockBroadcasts.add(sc.broadcast(DataBlock.of(train, start(p), start(p + 1))));
                ids.add(p);
            }
            List<Broadcast<DataBlock>> bcs = List.copyOf(blockBroadcasts);
            this.blocks = sc.parallelize(ids, parts).map(p -> bcs.get(p).value()).setName("descent training set ("
                    + size + " rows)").persist(StorageLevel.MEMORY_ONLY());
            blocks.count(); // cache it now, not inside the first step
            this.completion = TrainingPass.of(objective, precision, 1);
        }

        /** The first training row of partition p: blocks of ⌊n/P⌋ or ⌈n/P⌉ rows. */
        private int start(int p) {
            return (int) ((long) p * size / parts);
        }

        public int partitions() {
            return parts;
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
            OrderedSum.Node total = aggregate(new Round(rounds.incrementAndGet(), theta.clone(), rows, m, mode));
            if (total.rows != m) {
                throw new IllegalStateException("the partitions returned " + total.rows + " rows of a batch of " + m);
            }
            copyInto(total, grad);
            return completion.complete(theta, total.lossSum, (int) total.correct, m, grad);
        }

        @Override
        public Evaluation evaluateTraining(double[] theta) {
            OrderedSum.Node total = aggregateTotals(theta);
            return objective.evaluation(theta, new ModelObjective.Totals(total.rows, total.lossSum, total.correct));
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
                    OrderedSum.Node total = aggregate(new Round(rounds.incrementAndGet(), x.clone(), null, size,
                            Mode.EVAL));
                    copyInto(total, grad);
                    return completion.complete(x, total.lossSum, (int) total.correct, size, grad).value();
                }
            };
        }

        private void copyInto(OrderedSum.Node total, double[] grad) {
            if (total.grad == null) {
                java.util.Arrays.fill(grad, 0.0);
            } else {
                System.arraycopy(total.grad, 0, grad, 0, grad.length);
            }
        }

        private OrderedSum.Node aggregate(Round round) {
            requireOpen();
            Broadcast<Round> bc = sc.broadcast(round);
            retire(bc);
            Broadcast<ObjectiveRecipe> rc = recipe;
            int p = parts;
            Precision pr = precision;
            int capacity = batchRows;
            TaskHook h = hook;
            return blocks.mapPartitionsWithIndex((index, it) -> partial(index, it, p, rc, bc, pr, capacity, h), true)
                    .treeAggregate(OrderedSum.empty(p), OrderedSum::merge, OrderedSum::merge, treeDepth).total();
        }

        private OrderedSum.Node aggregateTotals(double[] theta) {
            requireOpen();
            Broadcast<Round> bc = sc.broadcast(new Round(rounds.incrementAndGet(), theta.clone(), null, size,
                    Mode.EVAL));
            retire(bc);
            Broadcast<ObjectiveRecipe> rc = recipe;
            int p = parts;
            TaskHook h = hook;
            return blocks.mapPartitionsWithIndex((index, it) -> totals(index, it, p, rc, bc, h), true)
                    .treeAggregate(OrderedSum.empty(p), OrderedSum::merge, OrderedSum::merge, treeDepth).total();
        }

        /** Destroys the previous round's broadcast (its job is done) and keeps this one. */
        private void retire(Broadcast<Round> next) {
            if (previous != null) {
                previous.destroy();
            }
            previous = next;
        }

        private void requireOpen() {
            if (closed) {
                throw new IllegalStateException("the Spark session is closed");
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            blocks.unpersist(false);
            if (previous != null) {
                previous.destroy();
            }
            for (Broadcast<DataBlock> b : blockBroadcasts) {
                b.destroy();
            }
            recipe.destroy();
        }
    }

    /** On the executor: partition p's share of the round's batch (or of every row). */
    private static Iterator<OrderedSum> partial(int p, Iterator<DataBlock> it, int parts,
            Broadcast<ObjectiveRecipe> recipe, Broadcast<Round> roundBc, Precision precision, int capacity,
            TaskHook hook) {
        DataBlock block = it.next();
        Round round = roundBc.value();
        hook.beforeTask(p, round.number, TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber());
        ModelObjective objective = recipe.value().objective();
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
            return Collections.singletonList(OrderedSum.leaf(parts, p, sum, loss, hits, block.size)).iterator();
        }
        int m = round.rows.length;
        int[] local = new int[m];
        int[] positions = new int[m];
        int count = 0;
        for (int j = 0; j < m; j++) {
            int r = round.rows[j] - block.offset;
            if (r >= 0 && r < block.size) {
                local[count] = r;
                positions[count] = j;
                count++;
            }
        }
        if (count == 0) {
            return Collections.singletonList(OrderedSum.leaf(parts, p, null, 0, 0, 0)).iterator();
        }
        TrainingPass pass = TrainingPass.of(objective, precision, Math.min(capacity, Math.max(count, round.batchRows)));
        double[] g = new double[n];
        TrainingPass.PartSums s = pass.runPart(round.theta, block.data(), local, count, positions, round.batchRows, g,
                round.mode());
        return Collections.singletonList(OrderedSum.leaf(parts, p, g, s.lossSum(), s.correct(), count)).iterator();
    }

    /** On the executor: partition p's evaluation sums at the round's θ. */
    private static Iterator<OrderedSum> totals(int p, Iterator<DataBlock> it, int parts,
            Broadcast<ObjectiveRecipe> recipe, Broadcast<Round> roundBc, TaskHook hook) {
        DataBlock block = it.next();
        Round round = roundBc.value();
        hook.beforeTask(p, round.number, TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber());
        ModelObjective.Totals t = recipe.value().objective().totals(round.theta, block.data());
        return Collections.singletonList(OrderedSum.leaf(parts, p, null, t.lossSum(), t.correct(), t.count()))
                .iterator();
    }
}
