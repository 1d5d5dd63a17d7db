package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    Path dir;

    static JsonNode json(CliRun r) throws IOException {
        assertThat(r.exit()).as("exit; stderr:%n%s", r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    static CliRun train(String... args) {
        List<String> all = new ArrayList<>(List.of("train"));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void trainsAnMlpOnACsvFileAndReportsJson() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 400, 5, 1);
        Path testCsv = TrainFiles.blobsCsv(dir.resolve("blobs-test.csv"), 150, 5, 2);
        CliRun r = train("--data", csv.toString(), "--test", testCsv.toString(), "--model", "mlp:16",
                "--optimizer", "adam(lr=0.01)", "--epochs", "5", "--batch-size", "32", "--seed", "3",
                "--validation", "0.2", "--standardize", "--json");
        JsonNode j = json(r);
        // the JsonResult head every --json result starts with
        assertThat(j.fieldNames()).toIterable().startsWith("command", "version", "status", "problems");
        assertThat(j.path("command").asText()).isEqualTo("train");
        assertThat(j.path("version").asText()).isEqualTo(DescentCommand.VERSION);
        assertThat(j.path("status").asText()).isEqualTo("trained");
        assertThat(j.path("problems")).isEmpty();
        assertThat(j.path("config").path("non_finite").asText()).isEqualTo("refuse");
        assertThat(j.path("stop").path("kind").asText()).isEqualTo("budget");
        assertThat(j.path("data").path("format").asText()).isEqualTo("csv");
        assertThat(j.path("data").path("train").asInt()).isEqualTo(320);
        assertThat(j.path("data").path("validation").asInt()).isEqualTo(80);
        assertThat(j.path("data").path("test").asInt()).isEqualTo(150);
        assertThat(j.path("data").path("class_names").toString()).isEqualTo("[\"setosa\",\"versicolor\",\"virginica\"]");
        assertThat(j.path("model").path("parameters").asInt()).isEqualTo(5 * 16 + 16 + 16 * 3 + 3);
        assertThat(j.path("model").path("layout").get(0).path("shape").toString()).isEqualTo("[5,16]");
        assertThat(j.path("stop").path("criterion").asText()).isEqualTo("epochs");
        assertThat(j.path("steps").asInt()).isEqualTo(5 * 10);
        assertThat(j.path("history")).hasSize(5);
        assertThat(j.path("history").get(4).path("epoch").asInt()).isEqualTo(5);
        assertThat(j.path("history").get(4).path("val_loss").isNumber()).isTrue();
        assertThat(j.path("test").path("accuracy").asDouble()).isGreaterThan(0.85);
        assertThat(j.path("validation").path("n").asInt()).isEqualTo(80);
        assertThat(j.path("params_sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(j.path("resumed_from").isNull()).isTrue();
        // plain progress on stderr (not a terminal): one line per epoch
        assertThat(r.err()).contains("epoch 1/5  step 10  loss ").contains("val_acc ").contains("epoch 5/5");
        assertThat(r.err()).doesNotContain("\r");

        CliRun again = train("--data", csv.toString(), "--test", testCsv.toString(), "--model", "mlp:16",
                "--optimizer", "adam(lr=0.01)", "--epochs", "5", "--batch-size", "32", "--seed", "3",
                "--validation", "0.2", "--standardize", "--json");
        assertThat(json(again).path("params_sha256").asText()).isEqualTo(j.path("params_sha256").asText());
    }

    /** sps_max needs no learning rate: on separable data (f* = 0 exactly) it reaches 100% accuracy. */
    @Test
    void trainsALogisticRegressionWithSpsMax() throws IOException {
        StringBuilder csv = new StringBuilder("x0,x1,y\n");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (int n = 0; n < 400; ) {
            double a = rng.nextDouble(-1, 1);
            double b = rng.nextDouble(-1, 1);
            double side = (a + 2 * b - 0.3) / Math.sqrt(5);
            if (Math.abs(side) >= 0.1) { // a margin of 0.1 around the line
                csv.append(a).append(',').append(b).append(',').append(side > 0 ? 1 : 0).append('\n');
                n++;
            }
        }
        Path file = Files.writeString(dir.resolve("separable.csv"), csv);
        JsonNode j = json(train("--data", file.toString(), "--model", "logistic", "--optimizer", "sps_max",
                "--epochs", "20", "--batch-size", "20", "--seed", "3", "--json"));
        // measured: loss 0.69 → 2.9e-5 in 400 steps; 100% accuracy
        assertThat(j.path("train").path("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(j.path("train").path("loss").asDouble()).isPositive().isLessThan(1e-4);
        assertThat(j.path("history").get(0).path("loss").asDouble()).isBetween(0.01, 0.2);
        assertThat(j.path("history").get(0).path("lr").isNull()).as("no learning rate to report").isTrue();
        // it has no learning rate to replace
        CliRun lr = train("--data", file.toString(), "--model", "logistic", "--optimizer", "sps_max", "--lr", "0.1");
        assertThat(lr.exit()).isEqualTo(2);
        assertThat(lr.err()).contains("--lr with --optimizer sps_max: sps_max has no learning rate");
    }

    /** Muon on the weight matrices, AdamW on the biases, in one spec; Muon alone is refused naming the bias. */
    @Test
    void trainsAnMlpWithMuonOnTheMatricesThroughAPartition() throws IOException {
        Path idx = TrainFiles.idxDir(dir.resolve("mnist"), 500, 200, 7);
        JsonNode j = json(train("--data", idx.toString(), "--model", "mlp:16", "--optimizer",
                "partition(matrices: muon(lr=0.02, weight_decay=0), rest: adamw(lr=1e-3))", "--epochs", "10",
                "--batch-size", "50", "--seed", "1", "--json"));
        assertThat(j.path("optimizer").asText()).startsWith("partition(matrices: muon");
        assertThat(j.path("test").path("accuracy").asDouble()).isGreaterThan(0.95);

        CliRun alone = train("--data", idx.toString(), "--model", "mlp:16", "--optimizer", "muon", "--epochs", "1");
        assertThat(alone.exit()).isEqualTo(2);
        assertThat(alone.err()).contains("muon: block 'b1' has shape [16]; Muon updates matrices (2-D blocks) only");
    }

    @Test
    void printsAHumanSummaryWithoutJson() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 120, 3, 1);
        CliRun r = train("--data", csv.toString(), "--model", "softmax", "--optimizer", "sgd(0.1)", "--epochs", "2",
                "--label", "species");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("model:       softmax, 12 parameters W1[3, 3] b1[3]")
                .contains("stopped:     epochs (completed 2 epochs (8 steps)) after 8 steps, 2 epochs")
                .contains("train:       loss ").contains("validation:  -").contains("test:        -")
                .containsPattern("sha256\\(θ\\):   [0-9a-f]{64}");
    }

    @Test
    void fitsLinearRegressionOnANumericLabel() throws IOException {
        Path csv = TrainFiles.linearCsv(dir.resolve("lin.csv"), 300, 4);
        JsonNode j = json(train("--data", csv.toString(), "--model", "linear", "--optimizer", "adam(lr=0.05)",
                "--epochs", "30", "--batch-size", "16", "--json"));
        assertThat(j.path("train").path("rmse").asDouble()).isLessThan(0.05);
        assertThat(j.path("train").has("accuracy")).isFalse();
        assertThat(j.path("data").path("classes").isNull()).isTrue();
    }

    @Test
    void trainsOnAnIdxDirectoryWithItsTestSet() throws IOException {
        Path idx = TrainFiles.idxDir(dir.resolve("mnist"), 500, 200, 7);
        JsonNode j = json(train("--data", idx.toString(), "--model", "softmax", "--optimizer", "adam(lr=0.05)",
                "--epochs", "4", "--batch-size", "50", "--seed", "1", "--json"));
        assertThat(j.path("data").path("format").asText()).isEqualTo("idx");
        assertThat(j.path("data").path("features").asInt()).isEqualTo(16);
        assertThat(j.path("data").path("classes").asInt()).isEqualTo(10);
        assertThat(j.path("test").path("n").asInt()).isEqualTo(200);
        assertThat(j.path("test").path("accuracy").asDouble()).isGreaterThan(0.95);
    }

    @Test
    void earlyStoppingAndRestoreBestFromTheCommandLine() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 300, 4, 1);
        JsonNode j = json(train("--data", csv.toString(), "--model", "mlp:32", "--optimizer", "adam(lr=0.05)",
                "--epochs", "100", "--batch-size", "16", "--validation", "0.3", "--patience", "3", "--restore-best",
                "--json"));
        assertThat(j.path("stop").path("criterion").asText()).isEqualTo("early-stopping");
        int best = j.path("best_epoch").asInt();
        assertThat(j.path("restored_best").asBoolean()).isTrue();
        assertThat(j.path("epochs_completed").asInt()).isEqualTo(best + 3);
        assertThat(j.path("validation").path("loss").asDouble())
                .isEqualTo(j.path("history").get(best - 1).path("val_loss").asDouble());
    }

    @Test
    void inputErrorsExitTwoWithTheProblem() throws IOException {
        CliRun missing = train("--data", dir.resolve("nope.csv").toString(), "--model", "softmax");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("descent train: no such file or directory: " + dir.resolve("nope.csv")
                + System.lineSeparator());

        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 30, 2, 1);
        CliRun model = train("--data", csv.toString(), "--model", "mlp:12,x");
        assertThat(model.exit()).isEqualTo(2);
        assertThat(model.err()).contains("--model: 'mlp:12,x': hidden width 'x' is not a whole number")
                .endsWith("Try 'descent train --help' for more information." + System.lineSeparator())
                .doesNotContain("Usage:");
        assertThat(train("--data", csv.toString(), "--model", "forest").err())
                .contains("--model: unknown model 'forest'; known: logistic, softmax, linear, mlp:<hidden widths>");
        assertThat(train("--data", csv.toString(), "--model", "logistic").err())
                .contains("descent train: --model logistic needs 2 classes, but the data has 3; use --model softmax");
        assertThat(train("--data", csv.toString(), "--model", "softmax", "--optimizer", "adam(lr=-1)").exit())
                .isEqualTo(2);

        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        String[] fields = lines.get(2).split(",");
        fields[1] = "oops";
        lines.set(2, String.join(",", fields));
        Files.write(csv, lines);
        CliRun bad = train("--data", csv.toString(), "--model", "softmax");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("descent train: ").contains("line 3").contains("x2").contains("oops");

        CliRun label = train("--data", csv.toString(), "--model", "softmax", "--label", "colour");
        assertThat(label.exit()).isEqualTo(2);
        assertThat(label.err()).contains("no column 'colour' in the header");
    }

    @Test
    void checkpointOptionsAreChecked() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 60, 2, 1);
        CliRun r = train("--data", csv.toString(), "--model", "softmax", "--resume");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--resume needs --checkpoint-dir");
        CliRun v = train("--data", csv.toString(), "--model", "softmax", "--patience", "2", "--monitor", "val_loss");
        assertThat(v.exit()).isEqualTo(2);
        assertThat(v.err()).contains("--monitor val_loss needs --validation");
    }

    static Map<String, byte[]> snapshot(Path d) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (var s = Files.list(d)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void maxStepsStopsMidEpochAndAResumeWithoutItFinishesTheSameRun() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 200, 3, 1);
        // 200 rows in minibatches of 20: 10 steps per epoch
        String[] base = {"--data", csv.toString(), "--model", "mlp:8", "--epochs", "3", "--batch-size", "20", "--json"};
        JsonNode whole = json(train(base));
        List<String> cut = new ArrayList<>(List.of(base));
        cut.addAll(List.of("--max-steps", "13", "--checkpoint-dir", dir.resolve("ck").toString()));
        JsonNode part = json(train(cut.toArray(String[]::new)));
        assertThat(part.path("steps").asInt()).isEqualTo(13);
        assertThat(part.path("epochs_completed").asInt()).isEqualTo(1);
        assertThat(part.path("stop").path("criterion").asText()).isEqualTo("steps");
        assertThat(part.path("stop").path("detail").asText()).isEqualTo("completed 13 steps (epoch 2, step 3 of 10)");
        List<String> rest = new ArrayList<>(List.of(base));
        rest.addAll(List.of("--checkpoint-dir", dir.resolve("ck").toString(), "--resume"));
        JsonNode done = json(train(rest.toArray(String[]::new)));
        assertThat(done.path("steps").asInt()).isEqualTo(30);
        assertThat(done.path("params_sha256").asText()).isEqualTo(whole.path("params_sha256").asText());
        assertThat(train("--data", csv.toString(), "--model", "softmax", "--max-steps", "-1").err())
                .contains("--max-steps = -1 must be >= 0 (0 for no step budget)");
    }

    @Test
    void totalStepsInTheSpecIsTheRunsLength() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 200, 3, 1);
        CliRun r = train("--data", csv.toString(), "--model", "softmax", "--epochs", "3", "--batch-size", "20",
                "--optimizer", "sgd(lr=0.1) @ cosine(t_max=total_steps)", "--json");
        JsonNode j = json(r);
        assertThat(r.err()).contains("descent train: --optimizer sgd(lr=0.1) @ cosine(t_max=30) (total_steps = 30,"
                + " steps_per_epoch = 10)");
        assertThat(j.path("optimizer").asText()).isEqualTo("sgd(lr=0.1) @ cosine(t_max=30)");
        JsonNode same = json(train("--data", csv.toString(), "--model", "softmax", "--epochs", "3", "--batch-size",
                "20", "--optimizer", "sgd(lr=0.1) @ cosine(t_max=30)", "--json"));
        assertThat(j.path("params_sha256").asText()).isEqualTo(same.path("params_sha256").asText());
    }

    @Test
    void aCheckpointDirectoryIsOnlyContinuedWithResumeAndOnlyByTheSameRun() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 200, 3, 1);
        Path ckpt = dir.resolve("ckpt");
        String[] base = {"--data", csv.toString(), "--model", "mlp:8", "--epochs", "3", "--batch-size", "20",
            "--checkpoint-dir", ckpt.toString(), "--checkpoint-every", "7", "--json"};
        JsonNode first = json(train(base));
        assertThat(Files.readString(ckpt.resolve("latest")).strip()).isEqualTo("ckpt-30.safetensors");
        Map<String, byte[]> before = snapshot(ckpt);
        assertThat(before.keySet()).containsExactly("ckpt-21.safetensors", "ckpt-28.safetensors", "ckpt-30.safetensors",
                "latest");

        CliRun again = train(base);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("already holds the checkpoints of a run (newest ckpt-30.safetensors); add"
                + " --resume to continue it");

        List<String> wider = new ArrayList<>(List.of(base));
        wider.set(3, "mlp:16");
        wider.add("--resume");
        CliRun other = train(wider.toArray(String[]::new));
        assertThat(other.exit()).isEqualTo(2);
        assertThat(other.err()).contains("cannot resume from " + ckpt.resolve("ckpt-30.safetensors")
                + ": it was written by a run with --model mlp:8, this run has --model mlp:16");

        List<String> otherSeed = new ArrayList<>(List.of(base));
        otherSeed.addAll(List.of("--seed", "5", "--resume"));
        assertThat(train(otherSeed.toArray(String[]::new)).err()).contains("--seed 0, this run has --seed 5");
        assertThat(snapshot(ckpt)).containsOnlyKeys(before.keySet());
        for (Map.Entry<String, byte[]> e : snapshot(ckpt).entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(before.get(e.getKey()));
        }

        // resuming a finished run trains nothing and reports the same parameters
        List<String> resumed = new ArrayList<>(List.of(base));
        resumed.add("--resume");
        JsonNode done = json(train(resumed.toArray(String[]::new)));
        assertThat(done.path("params_sha256").asText()).isEqualTo(first.path("params_sha256").asText());
        assertThat(done.path("resumed_from").path("global_step").asInt()).isEqualTo(30);

        // a damaged newest checkpoint is refused, naming it; --fall-back resumes from the one before
        Path newest = ckpt.resolve("ckpt-30.safetensors");
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 40] ^= 1;
        Files.write(newest, bytes);
        CliRun corrupt = train(resumed.toArray(String[]::new));
        assertThat(corrupt.exit()).isEqualTo(2);
        assertThat(corrupt.err()).contains("checkpoint " + newest + ": the data does not match its checksum")
                .contains("the previous checkpoint is ckpt-28.safetensors (add --fall-back to resume from the newest"
                        + " sound one)");
        resumed.add("--fall-back");
        CliRun fell = train(resumed.toArray(String[]::new));
        assertThat(json(fell).path("params_sha256").asText()).isEqualTo(first.path("params_sha256").asText());
        assertThat(fell.err()).contains("skipped a damaged checkpoint: checkpoint " + newest);
    }

    @Test
    void resumingWithOtherDataOptionsIsRefused() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 100, 3, 1);
        Path ckpt = dir.resolve("ckpt");
        List<String> base = List.of("--data", csv.toString(), "--model", "softmax", "--epochs", "1",
                "--checkpoint-dir", ckpt.toString(), "--json");
        json(train(base.toArray(String[]::new)));
        Path newest = ckpt.resolve(Files.readString(ckpt.resolve("latest")).strip());
        String[][] others = {
            {"--label-column", "-1"},
            {"--format", "header"},
        };
        String[] expected = {
            "--label-column (unset), this run has --label-column -1",
            "--format auto, this run has --format header",
        };
        for (int i = 0; i < others.length; i++) {
            List<String> args = new ArrayList<>(base);
            args.addAll(List.of(others[i]));
            args.add("--resume");
            CliRun r = train(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", others[i])).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", others[i])).contains("cannot resume from " + newest
                    + ": it was written by a run with " + expected[i]);
        }
        List<String> same = new ArrayList<>(base);
        same.add("--resume");
        assertThat(train(same.toArray(String[]::new)).exit()).isZero();

        // a file of numbers reads with and without --no-header (one row fewer): a run of one cannot resume the other
        StringBuilder numbers = new StringBuilder("3,4,1\n"); // distinct, so it also reads as column names
        for (int i = 0; i < 40; i++) {
            numbers.append(i % 7).append(',').append(i % 5).append(',').append(i % 2).append('\n');
        }
        Path plain = Files.writeString(dir.resolve("numbers.csv"), numbers);
        Path ckpt2 = dir.resolve("ckpt2");
        json(train("--data", plain.toString(), "--no-header", "--model", "softmax", "--epochs", "1",
                "--checkpoint-dir", ckpt2.toString(), "--json"));
        CliRun r = train("--data", plain.toString(), "--model", "softmax", "--epochs", "1", "--checkpoint-dir",
                ckpt2.toString(), "--resume");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("it was written by a run with --no-header true, this run has --no-header false");
    }

    @Test
    void theHelpListsTheDataOptionsFirstWithTheRecognitionRule() {
        CliRun r = CliRun.of("train", "--help");
        assertThat(r.exit()).isZero();
        String help = r.out().replaceAll("\\s+", " ");
        assertThat(help).containsSubsequence("--data=PATH", "--format=FORMAT", "--no-header", "--label=COLUMN",
                "--label-column=INDEX", "--test=CSV", "--validation=FRACTION", "--standardize", "--model=MODEL",
                "--optimizer=SPEC");
        assertThat(help).contains("auto: sklearn if the first row's first two fields are integers equal to the number"
                + " of data rows and to (columns − 1) and the row has 2 + (number of classes) fields, else header"
                + " (default: auto)");
        assertThat(help).contains("negative counting from the end (-1 is the last)")
                .contains("the validation split uses Seeds.derive(seed, Trainer.SPLIT_STREAM) (stratified for classes)");
    }

    @Test
    void aNonFiniteLossExitsOneNamingTheStep() throws IOException {
        Path csv = TrainFiles.linearCsv(dir.resolve("lin.csv"), 100, 4);
        CliRun r = train("--data", csv.toString(), "--model", "linear", "--optimizer", "sgd(1e200)", "--epochs", "2",
                "--batch-size", "50");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("descent train: ").containsPattern("at step [0-9]+ \\(epoch 1, batch [0-9]+ of 2\\)");
        CliRun stop = train("--data", csv.toString(), "--model", "linear", "--optimizer", "sgd(1e200)", "--epochs", "2",
                "--batch-size", "50", "--on-non-finite", "stop", "--json");
        assertThat(stop.exit()).isEqualTo(1);
        JsonNode j = new ObjectMapper().readTree(stop.out());
        assertThat(j.path("stop").path("kind").asText()).isEqualTo("failed");
        assertThat(j.path("stop").path("criterion").asText()).isEqualTo("non-finite");
        assertThat(j.path("status").asText()).isEqualTo("failed");
        assertThat(j.path("problems")).hasSize(1);
        assertThat(j.path("problems").get(0).asText()).isEqualTo(j.path("stop").path("detail").asText())
                .containsPattern("at step [0-9]+");
        assertThat(j.path("config").path("non_finite").asText()).isEqualTo("stop");
    }

    @Test
    void enumOptionsArePicocliConversionsInAnyCase() throws IOException {
        Path csv = TrainFiles.linearCsv(dir.resolve("lin.csv"), 100, 4);
        CliRun bad = train("--data", csv.toString(), "--model", "linear", "--on-non-finite", "error");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("descent train: Invalid value for option '--on-non-finite': expected one of"
                + " [REFUSE, SKIP, STOP] (case-insensitive) but was 'error'");
        CliRun act = train("--data", csv.toString(), "--model", "mlp:4", "--activation", "swish");
        assertThat(act.exit()).isEqualTo(2);
        assertThat(act.err()).contains("Invalid value for option '--activation': expected one of [RELU, TANH, SIGMOID, IDENTITY]"
                + " (case-insensitive) but was 'swish'");
        CliRun ok = train("--data", csv.toString(), "--model", "mlp:4", "--activation", "TANH", "--on-non-finite",
                "Skip", "--epochs", "1", "--json");
        assertThat(ok.exit()).as(ok.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(ok.out());
        assertThat(j.path("model").path("activation").asText()).isEqualTo("tanh");
        assertThat(j.path("config").path("non_finite").asText()).isEqualTo("skip");
    }

    @Test
    void theProgressBarRedrawsOneLine() {
        java.io.StringWriter s = new java.io.StringWriter();
        long[] now = {0};
        TrainingProgress p = new TrainingProgress(new java.io.PrintWriter(s, true), true, () -> now[0]);
        p.onStart(new dev.descent.train.TrainingListener.RunInfo(dev.descent.train.TrainConfig.of(2, 10, 1), 40, 0, 4,
                dev.descent.train.TrainingPosition.start(1), false));
        for (int step = 1; step <= 4; step++) {
            now[0] += 500_000_000L;
            p.onBatch(step, 1.0, 0.001);
        }
        assertThat(s.toString()).startsWith("\repoch 1/2 [======>                 ] 1/4  loss 1.0000  lr 1.0e-03"
                + "  500.0 ms/step  ETA 0:04");
        assertThat(s.toString()).contains("\repoch 1/2 [========================] 4/4");
        p.onEpoch(new dev.descent.train.EpochSummary(0, 4, 0.5, 0.75, Double.NaN, Double.NaN, 0.001, 2_000_000_000L,
                0));
        assertThat(s.toString()).endsWith("\repoch 1/2  step 4  loss 0.5000  acc 75.00%  lr 1.0e-03  2.0 s  ETA 0:02"
                + System.lineSeparator());
        assertThat(TrainingProgress.duration(3725)).isEqualTo("1:02:05");
    }
}
