package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --engine spark on local[2]: the local run's numbers, Spark's progress in a few lines. */
class TrainSparkEngineTest {

    @TempDir
    Path dir;

    @Test
    void theSparkEngineTrainsTheSameRunAsTheLocalOne() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 500, 5, 1);
        Path testCsv = TrainFiles.blobsCsv(dir.resolve("blobs-test.csv"), 150, 5, 2);
        String[] common = {"--data", csv.toString(), "--test", testCsv.toString(), "--model", "mlp:16",
            "--optimizer", "adam(lr=0.01)", "--epochs", "3", "--batch-size", "32", "--seed", "3", "--validation",
            "0.2", "--json"};
        JsonNode local = TrainCommandTest.json(TrainCommandTest.train(common));
        String[] spark = new String[common.length + 6];
        System.arraycopy(common, 0, spark, 0, common.length);
        System.arraycopy(new String[] {"--engine", "spark", "--master", "local[2]", "--partitions", "3"}, 0, spark,
                common.length, 6);
        CliRun run = TrainCommandTest.train(spark);
        JsonNode s = TrainCommandTest.json(run);
        assertThat(local.path("engine").path("kind").asText()).isEqualTo("local");
        JsonNode e = s.path("engine");
        assertThat(e.path("kind").asText()).isEqualTo("spark");
        assertThat(e.path("master").asText()).isEqualTo("local[2]");
        assertThat(e.path("partitions").asInt()).isEqualTo(3);
        // 3 epochs of 13 batches (400 rows), one round each, and the final training-set evaluation
        assertThat(e.path("rounds").asInt()).isEqualTo(3 * 13 + 1);
        assertThat(s.path("steps").asInt()).isEqualTo(local.path("steps").asInt());
        for (int k = 0; k < 3; k++) {
            assertThat(s.path("history").get(k).path("loss").asDouble())
                    .isCloseTo(local.path("history").get(k).path("loss").asDouble(), within(1e-12));
            assertThat(s.path("history").get(k).path("val_loss").asDouble())
                    .isCloseTo(local.path("history").get(k).path("val_loss").asDouble(), within(1e-12));
        }
        assertThat(s.path("test").path("accuracy").asDouble()).isEqualTo(local.path("test").path("accuracy").asDouble());
        assertThat(s.path("train").path("loss").asDouble()).isCloseTo(local.path("train").path("loss").asDouble(),
                within(1e-12));
        // compact progress: a line when Spark is up, one per epoch, one at the end; no INFO log
        assertThat(run.err()).contains("master local[2], 3 partitions of the 400 training rows")
                .contains("spark: epoch 3: 13 rounds, 39 tasks (0 failed and retried)")
                .contains("spark: 40 rounds").doesNotContain(" INFO ");
    }

    /** --local-steps 1 with sgd inside and sgd(lr=1) outside is synchronous SGD on batches of 32 × 1 × 3 rows. */
    @Test
    void oneLocalStepOfSgdIsTheLocalSgdRun() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 480, 5, 4);
        JsonNode local = TrainCommandTest.json(TrainCommandTest.train("--data", csv.toString(), "--model", "mlp:8",
                "--optimizer", "sgd(lr=0.1)", "--epochs", "2", "--batch-size", "96", "--seed", "5", "--json"));
        CliRun run = TrainCommandTest.train("--data", csv.toString(), "--model", "mlp:8", "--optimizer", "sgd(lr=0.1)",
                "--epochs", "2", "--batch-size", "32", "--seed", "5", "--json", "--engine", "spark", "--master",
                "local[2]", "--partitions", "3", "--local-steps", "1");
        JsonNode s = TrainCommandTest.json(run);
        assertThat(s.path("engine").path("mode").asText()).isEqualTo("local-sgd");
        assertThat(s.path("engine").path("outer_optimizer").asText()).isEqualTo("sgd(lr=1)");
        assertThat(s.path("config").path("batch_size").asInt()).isEqualTo(96);
        assertThat(s.path("steps").asInt()).isEqualTo(10);
        assertThat(s.path("train").path("loss").asDouble()).isCloseTo(local.path("train").path("loss").asDouble(),
                within(1e-12));
        assertThat(run.err()).contains("local SGD: 1 steps of sgd(lr=0.1) per partition per round");
        CliRun refused = TrainCommandTest.train("--data", csv.toString(), "--model", "mlp:8", "--local-steps", "4");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("--local-steps needs --engine spark");
    }

    @Test
    void sparkOptionsWithoutTheSparkEngineAreRefused() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("b.csv"), 50, 3, 1);
        CliRun r = TrainCommandTest.train("--data", csv.toString(), "--model", "softmax", "--master", "local[2]");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--master needs --engine spark");
        CliRun bad = TrainCommandTest.train("--data", csv.toString(), "--model", "softmax", "--engine", "gpu");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--engine = 'gpu': choose local or spark");
        CliRun zero = TrainCommandTest.train("--data", csv.toString(), "--model", "softmax", "--engine", "spark",
                "--partitions", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("--partitions = 0 must be >= 1");
    }
}
