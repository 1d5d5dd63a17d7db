package dev.descent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.spark.SparkRun;
import dev.descent.train.GradientEngine;
import dev.descent.train.TrainingListener;
import java.io.PrintWriter;

/**
 * train --engine spark: the only class of the CLI that touches Spark, so that without Spark's jars on
 * the class path (java -jar descent.jar) the local engine works and --engine spark says what is missing.
 */
final class SparkEngineRun implements AutoCloseable {

    private final SparkRun run;
    private final PrintWriter err;

    private SparkEngineRun(SparkRun run, PrintWriter err) {
        this.run = run;
        this.err = err;
    }

    static SparkEngineRun start(String master, Integer partitions, PrintWriter err) throws CommandFailure {
        try {
            return new SparkEngineRun(SparkRun.start(master, partitions, "descent train"), err);
        } catch (NoClassDefFoundError e) {
            throw new CommandFailure(2, "--engine spark: Spark is not on the class path (" + e.getMessage()
                    + "); bin/descent adds Maven's Spark jars, spark-submit adds the cluster's");
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(2, e.getMessage());
        }
    }

    /** A bare Spark run (for bench spark), with the same errors as {@link #start}. */
    static SparkRun startRun(String master, Integer partitions) throws CommandFailure {
        try {
            return SparkRun.start(master, partitions, "descent bench spark");
        } catch (NoClassDefFoundError e) {
            throw new CommandFailure(2, "Spark is not on the class path (" + e.getMessage()
                    + "); bin/descent adds Maven's Spark jars, spark-submit adds the cluster's");
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(2, e.getMessage());
        }
    }

    GradientEngine engine() {
        return run.gradientEngine();
    }

    int partitions() {
        return run.partitions();
    }

    void useLocalSteps(int k, String inner) {
        run.useLocalSteps(k, inner);
    }

    TrainingListener progress() {
        return run.progress(err);
    }

    ObjectNode json() {
        ObjectNode o = JsonResult.object();
        o.put("kind", "spark");
        o.put("master", run.master());
        o.put("partitions", run.partitions());
        o.put("spark_version", run.sparkVersion());
        o.put("mode", run.localSteps() == 0 ? "synchronous" : "local-sgd");
        o.put("local_steps", run.localSteps());
        o.put("rounds", run.rounds());
        o.put("tasks", run.tasksEnded());
        o.put("failed_tasks", run.tasksFailed());
        return o;
    }

    @Override
    public void close() {
        run.close();
    }
}
