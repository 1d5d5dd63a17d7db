package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code descent train} refuses what would end in nonsense: overflowing state, impossible sizes, unwritable checkpoints. */
class TrainSafetyTest {

    @TempDir
    Path dir;

    static CliRun train(String... args) {
        return TrainCommandTest.train(args);
    }

    /** Two classes told apart by the sign of a ±1e308 feature (and a second, ordinary one). */
    private Path hugeCsv() throws IOException {
        StringBuilder b = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 40; i++) {
            boolean p = i % 2 == 0;
            b.append(p ? "1e308" : "-1e308").append(',').append(String.format(Locale.ROOT, "%.3f", (p ? 1 : -1) + 0.01 * i))
                    .append(',').append(p ? "pos" : "neg").append('\n');
        }
        return Files.writeString(dir.resolve("huge.csv"), b);
    }

    private static List<Path> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    @Test
    void adamsSecondMomentOverflowingIsAnErrorNotAFrozenRun() throws IOException {
        Path csv = hugeCsv();
        Path ckpt = dir.resolve("ckpt");
        CliRun r = train("--data", csv.toString(), "--model", "softmax", "--epochs", "2", "--checkpoint-dir",
                ckpt.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("descent train: the update at step 1 (epoch 1, batch 1 of 2) made the optimizer"
                + " state non-finite: state 'adam.v'[0] = Infinity (J = ").contains("); the update was undone; the"
                + " parameters are those after step 0");
        assertThat(files(ckpt)).isEmpty(); // no checkpoint holding ∞
        // skip: every batch is rolled back and counted; θ stays θ₀ (softmax starts at 0)
        JsonNode skip = new ObjectMapper().readTree(train("--data", csv.toString(), "--model", "softmax", "--epochs",
                "2", "--on-non-finite", "skip", "--json").out());
        assertThat(skip.path("skipped_batches").asInt()).isEqualTo(4);
        assertThat(skip.path("steps").asInt()).isEqualTo(4);
        // stop: a failed run with the last good θ, exit 1
        CliRun stop = train("--data", csv.toString(), "--model", "softmax", "--epochs", "2", "--on-non-finite", "stop",
                "--json");
        assertThat(stop.exit()).isEqualTo(1);
        JsonNode j = new ObjectMapper().readTree(stop.out());
        assertThat(j.path("stop").path("criterion").asText()).isEqualTo("non-finite");
        assertThat(j.path("stop").path("detail").asText()).contains("state 'adam.v'[0] = Infinity");
        assertThat(j.path("steps").asInt()).isZero();
    }

    @Test
    void modelsTooLargeForMemoryOrOneArrayAreRefusedUpFront() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 30, 5, 1);
        CliRun big = train("--data", csv.toString(), "--model", "mlp:20000,20000", "--epochs", "1");
        assertThat(big.exit()).isEqualTo(2);
        assertThat(big.err()).startsWith("descent train: --model mlp:20000,20000 with --optimizer adam(lr=1e-3):"
                + " 400200003 parameters need at least ").contains("more than the ").contains(" this JVM may use (-Xmx)");

        Path wide = TrainFiles.blobsCsv(dir.resolve("wide.csv"), 12, 800, 1);
        CliRun overflow = train("--data", wide.toString(), "--model", "mlp:46000,46000", "--epochs", "1");
        assertThat(overflow.exit()).isEqualTo(2);
        assertThat(overflow.err()).isEqualTo("descent train: --model mlp:46000,46000: an MLP with layer sizes [800, 46000,"
                + " 46000, 3] has 2153030003 parameters, more than the 2^31-1 = 2147483647 one flat Java array holds"
                + System.lineSeparator());

        CliRun lbfgs = train("--data", csv.toString(), "--model", "softmax", "--optimizer",
                "lbfgs(history_size=1000000000)", "--epochs", "1");
        assertThat(lbfgs.exit()).isEqualTo(2);
        // 2·m·n + m + 2n + 4 = 37000000040 state doubles, twice over, and 3n
        assertThat(lbfgs.err()).startsWith("descent train: --model softmax with --optimizer"
                + " lbfgs(history_size=1000000000): 18 parameters need at least 551.3 GiB to train (74000000134 doubles:"
                + " θ, the gradient and an undo copy of θ, 3 × 18; the optimizer state and its undo copy, 2 ×"
                + " 37000000040), more than the ");
    }

    @Test
    void theMemoryEstimateCountsThetaGradientUndoCopyAndTwiceTheState() throws Exception {
        TrainCommand c = new TrainCommand();
        c.optimizer = "adam(lr=1e-3)";
        ModelSpec spec = ModelSpec.parse("mlp:16");
        dev.descent.nn.Model m = spec.build(5, 3, dev.descent.nn.Activation.RELU, 0);
        dev.descent.optim.Optimizer<?> adam = dev.descent.optim.spec.OptimizerSpec.build(c.optimizer);
        // Adam: s and r, 2n; 3·147 + 2·294 = 1029 doubles = 8232 bytes
        assertThat(dev.descent.train.TrainingMemory.stateDoubles(adam, m.layout())).isEqualTo(2 * 147);
        c.checkMemory(spec, m, adam, 8232);
        assertThatThrownBy(() -> c.checkMemory(spec, m, adam, 8231)).isInstanceOf(CommandFailure.class)
                .hasMessage("--model mlp:16 with --optimizer adam(lr=1e-3): 147 parameters need at least 8232 bytes to"
                        + " train (1029 doubles: θ, the gradient and an undo copy of θ, 3 × 147; the optimizer state and"
                        + " its undo copy, 2 × 294), more than the 8231 bytes this JVM may use (-Xmx)");
    }

    @Test
    void anUnwritableCheckpointDirectoryIsFoundBeforeTraining() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 20, 3, 1);
        Path file = Files.writeString(dir.resolve("plain"), "x");
        CliRun under = train("--data", csv.toString(), "--model", "softmax", "--epochs", "1", "--checkpoint-dir",
                file.resolve("ckpt").toString());
        assertThat(under.exit()).isEqualTo(2);
        assertThat(under.err()).startsWith("descent train: --checkpoint-dir " + file.resolve("ckpt") + ": ")
                .contains("Not a directory").doesNotContain("epoch 1/1");
        Path proc = Path.of("/proc/self");
        assumeThat(Files.isDirectory(proc)).isTrue();
        CliRun readOnly = train("--data", csv.toString(), "--model", "softmax", "--epochs", "1", "--checkpoint-dir",
                proc.toString());
        assertThat(readOnly.exit()).isEqualTo(2);
        assertThat(readOnly.err()).startsWith("descent train: --checkpoint-dir /proc/self is not writable: ")
                .doesNotContain("epoch 1/1");
    }

    @Test
    void aDirectoryWithoutWritePermissionIsFoundBeforeTraining() throws IOException {
        assumeThat(System.getProperty("user.name")).isNotEqualTo("root"); // root writes anyway
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 20, 3, 1);
        Path locked = Files.createDirectory(dir.resolve("locked"));
        assumeThat(locked.toFile().setWritable(false, false)).isTrue();
        try {
            assumeThat(Files.isWritable(locked)).isFalse();
            CliRun r = train("--data", csv.toString(), "--model", "softmax", "--epochs", "1", "--checkpoint-dir",
                    locked.toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).startsWith("descent train: --checkpoint-dir " + locked + " is not writable: access denied");
        } finally {
            locked.toFile().setWritable(true, false);
        }
    }

    @Test
    void aCheckpointThatFailsLaterStillReportsTheResultsReached() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 20, 3, 1);
        Path ckpt = Files.createDirectories(dir.resolve("ckpt"));
        // a non-empty directory where the second checkpoint goes: the atomic rename onto it fails
        Files.createDirectories(ckpt.resolve("ckpt-2.safetensors").resolve("in-the-way"));
        CliRun r = train("--data", csv.toString(), "--model", "softmax", "--epochs", "3", "--checkpoint-dir",
                ckpt.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("stopped:     checkpoint (could not write the checkpoint at step 2 (2 epochs done):"
                + " FileSystemException: ").contains("after 2 steps, 2 epochs").contains("train:       loss ")
                .containsPattern("sha256\\(θ\\):   [0-9a-f]{64}");
        assertThat(r.err()).contains("epoch 2/3  step 2  loss ").doesNotContain("epoch 3/3")
                .contains("descent train: could not write the checkpoint at step 2 (2 epochs done): FileSystemException: ");
        assertThat(Files.exists(ckpt.resolve("ckpt-1.safetensors"))).isTrue();
    }

    @Test
    void resumingAFinishedRunReportsItInsteadOfEpochThreeOfTwo() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 40, 3, 1);
        Path ckpt = dir.resolve("ckpt");
        JsonNode first = TrainCommandTest.json(train("--data", csv.toString(), "--model", "softmax", "--epochs", "2",
                "--checkpoint-dir", ckpt.toString(), "--json"));
        CliRun again = train("--data", csv.toString(), "--model", "softmax", "--epochs", "2", "--checkpoint-dir",
                ckpt.toString(), "--resume", "--json");
        JsonNode j = TrainCommandTest.json(again);
        assertThat(again.err()).isEqualTo("the checkpoint already completed 2 epochs (step 4), --epochs 2: nothing more"
                + " to train; its results follow" + System.lineSeparator());
        assertThat(j.path("epochs_completed").asInt()).isEqualTo(2);
        assertThat(j.path("params_sha256").asText()).isEqualTo(first.path("params_sha256").asText());
        assertThat(j.path("train").path("loss").asDouble()).isEqualTo(first.path("train").path("loss").asDouble());

        Path ckpt3 = dir.resolve("ckpt3");
        JsonNode three = TrainCommandTest.json(train("--data", csv.toString(), "--model", "softmax", "--epochs", "3",
                "--checkpoint-dir", ckpt3.toString(), "--json"));
        CliRun fewer = train("--data", csv.toString(), "--model", "softmax", "--epochs", "2", "--checkpoint-dir",
                ckpt3.toString(), "--resume");
        assertThat(fewer.exit()).isZero();
        assertThat(fewer.err()).isEqualTo("the checkpoint already completed 3 epochs (step 6), --epochs 2: nothing more"
                + " to train; its results follow" + System.lineSeparator());
        assertThat(fewer.out()).contains("stopped:     epochs (completed 3 epochs (6 steps)) after 6 steps, 3 epochs")
                .contains("sha256(θ):   " + three.path("params_sha256").asText());
    }

    @Test
    void standardizeHandlesHugeColumnsAndNamesTheColumnOfWhatCannotBeRepresented() throws IOException {
        JsonNode j = TrainCommandTest.json(train("--data", hugeCsv().toString(), "--model", "softmax", "--optimizer",
                "adam(lr=0.1)", "--epochs", "5", "--standardize", "--json"));
        assertThat(j.path("train").path("accuracy").asDouble()).isEqualTo(1.0); // ±1e308 became ±1
        assertThat(j.path("skipped_batches").asInt()).isZero();

        Path narrow = Files.writeString(dir.resolve("narrow.csv"), "a,b,y\n0,1,p\n1e-100,2,n\n0,3,p\n1e-100,4,n\n");
        Path far = Files.writeString(dir.resolve("far.csv"), "a,b,y\n0,1,p\n1e308,2,n\n");
        CliRun r = train("--data", narrow.toString(), "--test", far.toString(), "--model", "softmax", "--epochs", "1",
                "--standardize");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("descent train: --standardize: column 'a' (feature 0) of the --test set: row 1"
                + " (0-based) holds 1.0E308, whose standardized value (x − μ)/s with μ = 5.0E-101, s = 5.0E-101 is"
                + " Infinity, beyond the range of a double" + System.lineSeparator());
    }
}
