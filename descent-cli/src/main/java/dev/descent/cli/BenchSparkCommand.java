package dev.descent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.spark.SparkBench;
import dev.descent.spark.SparkRun;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The fixed cost of a synchronous Spark round (train --engine spark) at d parameters:"
                + " the median round (broadcast θ, one task per partition, treeAggregate of their gradients) against"
                + " the same batch gradient in this JVM, with Spark's empty-job floor beside it."},
        footer = {"--json prints one JSON object on stdout: command (bench spark), version, status (measured),"
                + " problems, master, partitions, params, batch_rows, repetitions, empty_job_seconds,"
                + " round_seconds, local_seconds, overhead_seconds (round − local)."})
final class BenchSparkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--params", defaultValue = "100000", paramLabel = "N",
            description = "parameters d of the model (a softmax regression, 10 classes; default: ${DEFAULT-VALUE})")
    int params;

    @Option(names = "--master", paramLabel = "URL", description = "the Spark master (default: spark.master, else local[*])")
    String master;

    @Option(names = "--partitions", paramLabel = "P", description = "partitions (default: Spark's default parallelism)")
    Integer partitions;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "M", description = "batch rows (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--repetitions", defaultValue = "30", paramLabel = "R",
            description = "timed rounds of each kind, after as many warm-up rounds (default: ${DEFAULT-VALUE})")
    int repetitions;

    @Option(names = "--json", description = "print a JSON object on stdout (see below)")
    boolean json;

    @Override
    public Integer call() {
        return CommandFailure.report(spec, this::run);
    }

    private int run() throws CommandFailure {
        PrintWriter out = spec.commandLine().getOut();
        if (params < 20 || batchSize < 1 || repetitions < 1 || (partitions != null && partitions < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--params must be >= 20 and"
                    + " --batch-size, --repetitions, --partitions >= 1 (got " + params + ", " + batchSize + ", "
                    + repetitions + ", " + partitions + ")");
        }
        SparkBench.Result r;
        try (SparkRun spark = SparkEngineRun.startRun(master, partitions)) {
            r = spark.bench(params, batchSize, repetitions);
        }
        if (json) {
            JsonResult result = new JsonResult("bench spark", "measured", java.util.List.of());
            ObjectNode o = result.root();
            o.put("master", r.master());
            o.put("partitions", r.partitions());
            o.put("params", r.params());
            o.put("batch_rows", r.batchRows());
            o.put("repetitions", r.repetitions());
            o.put("empty_job_seconds", r.emptyJob());
            o.put("round_seconds", r.round());
            o.put("local_seconds", r.local());
            o.put("overhead_seconds", r.overhead());
            out.println(result.text());
        } else {
            out.printf(Locale.ROOT, """
                    bench spark: %s, %d partitions, d = %d parameters, batch %d rows, medians of %d
                      empty job   %8.2f ms   (Spark's floor per job)
                      round       %8.2f ms   (broadcast θ, %d tasks, treeAggregate of their gradients)
                      local       %8.2f ms   (the same batch gradient in this JVM)
                      overhead    %8.2f ms   (round − local)
                    """, r.master(), r.partitions(), r.params(), r.batchRows(), r.repetitions(), 1e3 * r.emptyJob(),
                    1e3 * r.round(), r.partitions(), 1e3 * r.local(), 1e3 * r.overhead());
        }
        out.flush();
        return 0;
    }
}
