package dev.descent.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Spark settings for tests: loopback only, no UI, few shuffle partitions. */
final class SparkTesting {
    private SparkTesting() {
    }

    private static JavaSparkContext shared;

    /** One local[2, 4] context for every test class of the JVM (Spark allows one): two threads, a failed task retried up to 4 times. */
    static synchronized JavaSparkContext context() {
        if (shared == null) {
            shared = new JavaSparkContext(conf("local[2,4]", "descent-spark-test"));
            shared.setLogLevel("WARN");
            JavaSparkContext sc = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(sc::stop));
        }
        return shared;
    }

    static SparkConf conf(String master, String name) {
        return new SparkConf().setMaster(master).setAppName(name)
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false");
    }
}
