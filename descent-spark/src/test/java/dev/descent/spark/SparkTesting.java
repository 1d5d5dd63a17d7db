package dev.descent.spark;

import org.apache.spark.SparkConf;

/** Spark settings for tests: loopback only, no UI, few shuffle partitions. */
final class SparkTesting {
    private SparkTesting() {
    }

    static SparkConf conf(String master, String name) {
        return new SparkConf().setMaster(master).setAppName(name)
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false");
    }
}
