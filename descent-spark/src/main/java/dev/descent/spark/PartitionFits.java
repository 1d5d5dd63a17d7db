package dev.descent.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import scala.Tuple2;

/**
 * Many independent fits on a cluster: each task (one region's epidemic curve, say) is fitted by
 * {@code fit} on an executor, in a {@code mapPartitions} job, and the outcomes come back in task order.
 * A fit that throws does not end the job: its outcome carries the failure (the exception's class and
 * message), so one bad region is flagged and the others are still answered.
 *
 * <pre>{@code
 * List<PartitionFits.Outcome<RegionalSir.Estimate>> fits =
 *         PartitionFits.run(sc, regions, 8, RegionalSir::fit);
 * }</pre>
 *
 * <p>The fit runs the same code as it would locally, so its result is the local one bit for bit on
 * executors of the same kind (same JVM, same matrix kernel). A task Spark retries reruns the fit from
 * scratch: fits must be pure functions of their task.
 */
public final class PartitionFits {

    private PartitionFits() {
    }

    /** One task's outcome: the value, or the failure that replaced it. */
    public record Outcome<R>(int index, R value, String failure) implements Serializable {
        public boolean ok() {
            return failure == null;
        }
    }

    /**
     * Fits every task.
     *
     * @param partitions Spark partitions (tasks run in parallel up to the cluster's cores)
     * @param fit        serializable; a pure function of its task
     * @return the outcomes, in the order of {@code tasks}
     */
    public static <T extends Serializable, R extends Serializable> List<Outcome<R>> run(JavaSparkContext sc,
            List<T> tasks, int partitions, Function<T, R> fit) {
        Objects.requireNonNull(fit, "fit");
        if (tasks.isEmpty()) {
            return List.of();
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions = " + partitions + " must be >= 1");
        }
        List<Tuple2<Integer, T>> indexed = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            indexed.add(new Tuple2<>(i, Objects.requireNonNull(tasks.get(i), "task " + i)));
        }
        List<Outcome<R>> out = sc.parallelize(indexed, Math.min(partitions, tasks.size()))
                .mapPartitions(it -> fitAll(it, fit)).collect();
        List<Outcome<R>> ordered = new ArrayList<>(out);
        ordered.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return ordered;
    }

    private static <T, R> Iterator<Outcome<R>> fitAll(Iterator<Tuple2<Integer, T>> it, Function<T, R> fit) {
        List<Outcome<R>> out = new ArrayList<>();
        while (it.hasNext()) {
            Tuple2<Integer, T> t = it.next();
            try {
                out.add(new Outcome<>(t._1(), fit.call(t._2()), null));
            } catch (Exception e) {
                out.add(new Outcome<>(t._1(), null, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return out.iterator();
    }
}
