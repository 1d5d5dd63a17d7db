package dev.descent.spark;

import java.io.Serializable;

/** Runs at the start of every task of the engine, on the executor: tests inject failures with it. */
@FunctionalInterface
interface TaskHook extends Serializable {

    TaskHook NONE = (partition, round, attempt) -> { };

    /**
     * @param partition the partition the task computes
     * @param round     the engine's round (1, 2, …: one per batch or evaluation) the task belongs to
     * @param attempt   Spark's attempt number of the task (0 the first time)
     */
    void beforeTask(int partition, long round, int attempt);
}
