package dev.descent.spark;

import dev.descent.train.EpochSummary;
import dev.descent.train.TrainResult;
import dev.descent.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * A Spark context and engine for one command-line run, with compact progress: one line when Spark
 * is up, one per epoch (rounds, tasks, retried tasks, time per round) and one at the end, instead of
 * Spark's INFO log and console progress bar.
 *
 * <p>The master is {@code master} when given, else {@code spark.master} as spark-submit sets it,
 * else {@code local[*]}.
 */
public final class SparkRun implements AutoCloseable {

    /** The log4j2 configuration that keeps Spark to warnings (set before Spark starts, unless one is given). */
    public static final String QUIET_LOG = "classpath:dev/descent/spark/log4j2-quiet.properties";

    private final JavaSparkContext sc;
    private final SparkEngine engine;
    private PartitionAveraging averaging; // null: synchronous
    private final TaskCounter tasks = new TaskCounter();

    private SparkRun(JavaSparkContext sc, Integer partitions) {
        this.sc = sc;
        sc.sc().addSparkListener(tasks);
        SparkEngine e = SparkEngine.of(sc);
        this.engine = partitions == null ? e : e.withPartitions(partitions);
    }

    /**
     * Switches to local SGD: k local steps of {@code inner} per partition per round ({@link PartitionAveraging}).
     *
     * @throws dev.descent.optim.spec.SpecException for a bad inner spec
     */
    public void useLocalSteps(int k, String inner) {
        averaging = PartitionAveraging.of(sc, k, inner).withPartitions(engine.partitions());
    }

    /** The engine the run trains with: synchronous, or local SGD after {@link #useLocalSteps}. */
    public dev.descent.train.GradientEngine gradientEngine() {
        return averaging == null ? engine : averaging;
    }

    /** The partitions of the training set (at most one per row is used). */
    public int partitions() {
        return engine.partitions();
    }

    /** k of local SGD, or 0 for synchronous training. */
    public int localSteps() {
        return averaging == null ? 0 : averaging.localSteps();
    }

    /** Rounds (Spark jobs) run so far. */
    public long rounds() {
        return averaging == null ? engine.rounds() : averaging.rounds();
    }

    /**
     * Starts Spark.
     *
     * @param master     a Spark master URL, or null (see the class comment)
     * @param partitions the training set's partitions, or null for Spark's default parallelism
     * @throws IllegalArgumentException if partitions &lt; 1 or Spark rejects the master
     */
    public static SparkRun start(String master, Integer partitions, String appName) {
        if (partitions != null && partitions < 1) {
            throw new IllegalArgumentException("--partitions = " + partitions + " must be >= 1");
        }
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", QUIET_LOG);
        }
        SparkConf conf = new SparkConf().setAppName(appName).set("spark.ui.showConsoleProgress", "false");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1")
                    .setIfMissing("spark.ui.enabled", "false");
        }
        SparkContext context;
        try {
            context = new SparkContext(conf);
        } catch (Exception e) {
            // an unparsable master URL, an unreachable cluster (Scala throws the checked SparkException unchecked)
            throw new IllegalArgumentException("--master " + conf.get("spark.master") + ": " + e.getMessage(), e);
        }
        context.setLogLevel("WARN");
        return new SparkRun(new JavaSparkContext(context), partitions);
    }

    public JavaSparkContext context() {
        return sc;
    }

    /** {@link SparkBench#run} on this run's context and partitions. */
    public SparkBench.Result bench(int params, int batchRows, int repetitions) {
        return SparkBench.run(sc, params, partitions(), batchRows, repetitions);
    }

    public String master() {
        return sc.master();
    }

    public String sparkVersion() {
        return sc.version();
    }

    /** Tasks that ended, and those that failed (and were retried, or failed the job). */
    public long tasksEnded() {
        return tasks.ended.get();
    }

    public long tasksFailed() {
        return tasks.failed.get();
    }

    /** A listener that prints the run's Spark lines on {@code err}. */
    public TrainingListener progress(PrintWriter err) {
        return new TrainingListener() {
            private long rounds0;
            private long tasks0;
            private long failed0;
            private long t0;

            @Override
            public void onStart(RunInfo info) {
                err.println(String.format(Locale.ROOT, "spark %s: master %s, %d partitions of the %d training rows,"
                        + " default parallelism %d%s", sparkVersion(), master(), Math.min(engine.partitions(),
                                info.trainSize()), info.trainSize(), sc.defaultParallelism(), averaging == null
                                        ? ", synchronous" : ", local SGD: " + averaging.localSteps() + " steps of "
                                                + averaging.inner() + " per partition per round"));
                err.flush();
                mark();
            }

            private void mark() {
                rounds0 = rounds();
                tasks0 = tasksEnded();
                failed0 = tasksFailed();
                t0 = System.nanoTime();
            }

            @Override
            public void onEpoch(EpochSummary s) {
                long rounds = rounds() - rounds0;
                double seconds = (System.nanoTime() - t0) / 1e9;
                err.println(String.format(Locale.ROOT, "spark: epoch %d: %d rounds, %d tasks (%d failed and retried),"
                        + " %.1f ms per round", s.epoch() + 1, rounds, tasksEnded() - tasks0, tasksFailed() - failed0,
                        rounds == 0 ? 0 : 1e3 * seconds / rounds));
                err.flush();
                mark();
            }

            @Override
            public void onEnd(TrainResult r) {
                err.println(String.format(Locale.ROOT, "spark: %d rounds, %d tasks, %d failed and retried",
                        rounds(), tasksEnded(), tasksFailed()));
                err.flush();
            }
        };
    }

    @Override
    public void close() {
        sc.stop();
    }

    /** Counts the tasks Spark runs for the run's jobs. */
    private static final class TaskCounter extends SparkListener {
        final AtomicLong ended = new AtomicLong();
        final AtomicLong failed = new AtomicLong();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            ended.incrementAndGet();
            if (end.taskInfo() != null && end.taskInfo().failed()) {
                failed.incrementAndGet();
            }
        }
    }
}
