/**
 * Training and distributed objectives on Apache Spark, with the local trainer's code.
 *
 * <pre>
 *   trainer.withEngine(SparkEngine.of(sc))                 synchronous: θ broadcast, partition gradient sums,
 *                                                          treeAggregate in a fixed order ({@link dev.descent.spark.OrderedSum})
 *   trainer.withEngine(PartitionAveraging.of(sc, k, spec)) local SGD: k inner steps per partition, outer step on the average
 *   session.objective()                                    the full-batch objective over the cached set (L-BFGS)
 *   PartitionFits.run(sc, tasks, p, fit)                   many independent fits (RegionalSir) in one job
 * </pre>
 *
 * <p>Shared conventions: a Spark run gives the same bits every time (any tree depth, retried tasks), and
 * the numbers of a local run over the same minibatches to within the order of the sums; nothing of the
 * optimizer, validation or checkpoints runs on the executors; Spark is {@code provided}, and no Spark
 * type enters descent-core.
 */
package dev.descent.spark;
