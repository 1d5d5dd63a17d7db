package dev.descent.spark;

import dev.descent.data.Dataset;
import dev.descent.data.RowSource;
import dev.descent.nn.Evaluation;
import dev.descent.nn.ModelObjective;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * A training set cached on the cluster for one run, with the objective's recipe and one round's
 * broadcast at a time: what both engines ({@link SparkEngine}, {@link PartitionAveraging}) share.
 *
 * <pre>
 *   a Dataset → P contiguous blocks of ⌊n/P⌋ or ⌈n/P⌉ rows, each sent once as a broadcast (a task never
 *   carries the data: spark.rpc.message.maxSize) and cached (MEMORY_ONLY) as the RDD of blocks
 *   a DistributedDataset → its own cached blocks, used as they are (empty partitions add nothing)
 *   a round → its broadcast; the previous round's is destroyed; partition results → {@link OrderedSum}
 * </pre>
 */
final class ClusterData implements AutoCloseable {

    /** What a partition computes in a round: its block, the round's payload, the partition index. */
    @FunctionalInterface
    interface PartitionWork<R> extends java.io.Serializable {
        OrderedSum compute(int partition, DataBlock block, R round, ObjectiveRecipe recipe) throws Exception;
    }

    private final JavaSparkContext sc;
    private final int parts;
    private final int size;
    private final List<Broadcast<DataBlock>> blockBroadcasts = new ArrayList<>();
    private final Broadcast<ObjectiveRecipe> recipe;
    private final JavaRDD<DataBlock> blocks;
    private final int treeDepth;
    private final TaskHook hook;
    private final boolean owned; // blocks this session made (and so unpersists)
    private Broadcast<?> previous;
    private boolean closed;

    ClusterData(JavaSparkContext sc, ModelObjective objective, RowSource train, int partitions, int treeDepth,
            TaskHook hook) {
        this.sc = sc;
        this.treeDepth = treeDepth;
        this.hook = hook;
        objective.loss().checkData(objective.model(), train);
        this.size = train.size();
        if (train instanceof DistributedDataset distributed) {
            // already on the cluster, in the user's partitions: used as it is, and left cached at the end
            this.parts = distributed.partitions();
            this.blocks = distributed.blocks();
            this.owned = false;
            this.recipe = sc.broadcast(ObjectiveRecipe.of(objective));
            return;
        }
        if (!(train instanceof Dataset local)) {
            throw new IllegalArgumentException("the Spark engines train on a Dataset or a DistributedDataset, not "
                    + train.getClass().getName());
        }
        this.recipe = sc.broadcast(ObjectiveRecipe.of(objective));
        this.parts = Math.min(partitions, size);
        this.owned = true;
        List<Integer> ids = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            blockBroadcasts.add(sc.broadcast(DataBlock.of(local, start(p), start(p + 1))));
            ids.add(p);
        }
        List<Broadcast<DataBlock>> bcs = List.copyOf(blockBroadcasts);
        this.blocks = sc.parallelize(ids, parts).map(p -> bcs.get(p).value())
                .setName("descent training set (" + size + " rows)").persist(StorageLevel.MEMORY_ONLY());
        blocks.count(); // cache it now, not inside the first step
    }

    /** The first training row of partition p (of a set this session split). */
    int start(int p) {
        return (int) ((long) p * size / parts);
    }

    int partitions() {
        return parts;
    }

    int size() {
        return size;
    }

    /**
     * Runs one round: {@code payload} broadcast, {@code work} on every partition (after the task hook),
     * the results added in tree order.
     *
     * @param number the round's number, for the task hook
     */
    <R> OrderedSum.Node round(long number, R payload, PartitionWork<R> work) {
        if (closed) {
            throw new IllegalStateException("the Spark session is closed");
        }
        Broadcast<R> bc = sc.broadcast(payload);
        if (previous != null) {
            previous.destroy(); // its job is done
        }
        previous = bc;
        Broadcast<ObjectiveRecipe> rc = recipe;
        int p = parts;
        TaskHook h = hook;
        Function2<Integer, Iterator<DataBlock>, Iterator<OrderedSum>> f = (index, it) -> {
            DataBlock block = it.next();
            h.beforeTask(index, number, TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber());
            if (block.size == 0) {
                return Collections.singletonList(OrderedSum.leaf(p, index, null, 0, 0, 0)).iterator();
            }
            return Collections.singletonList(work.compute(index, block, bc.value(), rc.value())).iterator();
        };
        try {
            return blocks.mapPartitionsWithIndex(f, true)
                    .treeAggregate(OrderedSum.empty(p), OrderedSum::merge, OrderedSum::merge, treeDepth).total();
        } catch (Exception e) { // SparkException is checked in Java's eyes, and thrown unchecked by Scala
            // Spark gave up (a task failed more often than spark.task.maxFailures, an executor was lost for
            // good): nothing of the round reached the caller, so θ and the optimizer state are as before it
            throw new IllegalStateException("Spark round " + number + " failed: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String first = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                .orElse("");
        return t == e ? first : first + " (cause: " + t.getClass().getSimpleName() + ": " + t.getMessage() + ")";
    }

    /** The objective at θ on the whole cached set, evaluated on the executors (one round). */
    Evaluation evaluate(ModelObjective objective, double[] theta, long number) {
        int p = parts;
        OrderedSum.Node total = round(number, theta.clone(), (index, block, x, recipe) -> {
            ModelObjective.Totals t = recipe.objective().totals(x, block.data());
            return OrderedSum.leaf(p, index, null, t.lossSum(), t.correct(), t.count());
        });
        return objective.evaluation(theta, new ModelObjective.Totals(total.rows, total.lossSum, total.correct));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (owned) {
            blocks.unpersist(false);
        }
        if (previous != null) {
            previous.destroy();
        }
        for (Broadcast<DataBlock> b : blockBroadcasts) {
            b.destroy();
        }
        recipe.destroy();
    }
}
